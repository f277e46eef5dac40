"""`csphub matters-arising MEETING --format json|html|pdf|docx [--out FILE] [--as-user NAME]`.

`csphub render MEETING --document matters-arising` under the name the README has always
used; JSON (the default) goes to standard output without `--out`.
"""

from csphub.documents.command import RenderCommand


class Command(RenderCommand):
    help = "The Matters Arising report for a meeting, as JSON, HTML, PDF or DOCX."
    document = "matters-arising"
    default_format = "json"
