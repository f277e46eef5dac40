import factory
from django.contrib.auth import get_user_model

from csphub.accounts.models import PartnershipRole


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    password = factory.django.Password("correct-horse-battery-staple")


def user_with_role(partnership, role: str | None, *, cleared: bool = False):
    """A user holding `role` in `partnership` (None: signed in but no role there)."""
    user = UserFactory()
    if role is not None:
        PartnershipRole.objects.create(
            user=user, partnership=partnership, role=role, cleared_for_restricted=cleared
        )
    return user
