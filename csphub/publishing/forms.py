from django import forms


class DispatchForm(forms.Form):
    note = forms.CharField(
        label="What this version adds",
        help_text="For a supplementary pack, e.g. “Late paper: Youth Offending Service update”. "
        "Printed on its front sheet and in the e-mail.",
        max_length=300,
        required=False,
    )
    notify = forms.BooleanField(
        label="E-mail the members of the body a link to the pack they may read",
        required=False,
        initial=True,
    )
