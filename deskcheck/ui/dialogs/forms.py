"""The forms, by their old common name: each now lives in its own module of this package
(``form_screen`` holds the frame they share). Kept so that existing imports still work."""

from deskcheck.ui.dialogs.custody_hop import CustodyHopForm, CustodyHopScreen
from deskcheck.ui.dialogs.evidence import EvidenceForm, EvidenceScreen, derived_from_fields
from deskcheck.ui.dialogs.export import ExportForm, ExportScreen
from deskcheck.ui.dialogs.form_screen import FormError, FormScreen, choices, parse_grade
from deskcheck.ui.dialogs.ingest import IngestForm, IngestScreen
from deskcheck.ui.dialogs.interpretation import CATCH_ALL, InterpretationForm, InterpretationScreen
from deskcheck.ui.dialogs.new_claim import NewClaim, NewClaimScreen
from deskcheck.ui.dialogs.reason import ReasonScreen
from deskcheck.ui.dialogs.trigger import TriggerForm, TriggerScreen
from deskcheck.ui.dialogs.wanted import WantedForm, WantedScreen

__all__ = [
    "CATCH_ALL",
    "CustodyHopForm",
    "CustodyHopScreen",
    "EvidenceForm",
    "EvidenceScreen",
    "ExportForm",
    "ExportScreen",
    "FormError",
    "FormScreen",
    "IngestForm",
    "IngestScreen",
    "InterpretationForm",
    "InterpretationScreen",
    "NewClaim",
    "NewClaimScreen",
    "ReasonScreen",
    "TriggerForm",
    "TriggerScreen",
    "WantedForm",
    "WantedScreen",
    "choices",
    "derived_from_fields",
    "parse_grade",
]
