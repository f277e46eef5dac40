"""Writes to the police data, by topic: the import (:mod:`.imports`) and the category
mapping table (:mod:`.mappings`).

Callers import from here (``from csphub.police import services``); the topics are modules
only to keep each one readable. ``PermissionDenied`` is exported because every write here
raises it for anyone but a site administrator or a batch job.
"""

from django.core.exceptions import PermissionDenied

from .imports import ImportResult, police_import, police_import_write
from .mappings import (
    category_mapping_save,
    mapping_create,
    mapping_delete,
    mapping_update,
)

__all__ = [
    "ImportResult",
    "PermissionDenied",
    "category_mapping_save",
    "mapping_create",
    "mapping_delete",
    "mapping_update",
    "police_import",
    "police_import_write",
]
