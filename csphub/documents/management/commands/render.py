"""`csphub render safer-bromley/board/2017-12-19 --document minutes --format pdf --out m.pdf`:
any registered document, in any of its formats (see :mod:`csphub.documents.command`)."""

from csphub.documents.command import RenderCommand


class Command(RenderCommand):
    pass
