"""`csphub progress-report PARTNERSHIP --strategy PERIOD --priority N --format html|pdf|docx
--out FILE [--as-user NAME]`: one priority's progress against the strategy, the paper of the
Board's substantive discussion item. What the public may see unless --as-user says otherwise.
"""

from csphub.documents.command import RenderCommand


class Command(RenderCommand):
    help = "Progress against the strategy for one priority, as HTML, PDF or DOCX."
    document = "progress-report"
    default_format = "pdf"
