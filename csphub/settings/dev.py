"""Local development: `make run`. DEBUG on unless the environment says otherwise."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)

WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
