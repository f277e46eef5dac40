"""`csphub crime-pack PARTNERSHIP --to YYYY-MM --format pdf|docx|html|csv [--paper a4|a3]
--out FILE [--area NAME]`: `csphub render PARTNERSHIP --document crime-pack`, the crime data
pack of a partnership's area, financial year to date, under the name the README uses."""

from csphub.documents.command import RenderCommand


class Command(RenderCommand):
    help = "Write a partnership's crime data pack (financial year to date): PDF, DOCX, HTML, CSV."
    document = "crime-pack"
