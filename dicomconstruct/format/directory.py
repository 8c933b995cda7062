"""The facts of a File-set and its DICOMDIR (PS3.10 8; PS3.3 F), declared once.

* File IDs (PS3.10 8.2, 8.5; PS3.3 F.3.2.2): at most :data:`MAX_FILE_ID_COMPONENTS`
  components of at most :data:`MAX_FILE_ID_COMPONENT_LENGTH` characters from
  :data:`FILE_ID_CHARACTERS` (upper case letters, digits, ``_``).
* The File-set Identification module (PS3.3 F.3.2.1): the File-set ID is a CS
  (at most 16 characters), the File-set Descriptor File ID a CS of up to 8
  components of up to 16 characters.
* Directory records (PS3.3 F.3.2.2, F.5): the attributes each record type takes
  from the instance it describes (:data:`RECORD_ATTRIBUTES`) and which SOP Classes
  are described by which record type (:data:`SINGLE_LEVEL_SOP_CLASSES` directly
  under the root, :data:`FOUR_LEVEL_SOP_CLASSES` below PATIENT/STUDY/SERIES).

The File ID prefixes (:data:`RECORD_PREFIXES`) are this library's (and pydicom's)
naming of the folders and files it writes; the Standard attaches no meaning to them.
"""

from __future__ import annotations

import string

__all__ = [
    "DICOMDIR_NAME",
    "FILE_ID_CHARACTERS",
    "MAX_FILE_ID_COMPONENTS",
    "MAX_FILE_ID_COMPONENT_LENGTH",
    "MAX_FILESET_ID_LENGTH",
    "MAX_DESCRIPTOR_COMPONENTS",
    "MAX_DESCRIPTOR_COMPONENT_LENGTH",
    "RECORD_IN_USE",
    "FILE_ID_SUFFIX_CHARACTERS",
    "RECORD_PREFIXES",
    "REQUIRED",
    "OPTIONAL",
    "CONDITIONAL",
    "RECORD_ATTRIBUTES",
    "SINGLE_LEVEL_SOP_CLASSES",
    "FOUR_LEVEL_SOP_CLASSES",
    "RADIOTHERAPY_MODALITIES",
    "FIRST_OFFSET",
    "LAST_OFFSET",
    "NEXT_OFFSET",
    "LOWER_OFFSET",
]

#: The file name of the DICOMDIR in the File-set's root directory (PS3.10 8.6).
DICOMDIR_NAME = "DICOMDIR"

#: Characters allowed in a File ID component (PS3.10 8.5).
FILE_ID_CHARACTERS = frozenset(string.ascii_uppercase + string.digits + "_")
MAX_FILE_ID_COMPONENTS = 8  # PS3.10 8.2
MAX_FILE_ID_COMPONENT_LENGTH = 8  # PS3.10 8.2

MAX_FILESET_ID_LENGTH = 16  # (0004,1130) CS
MAX_DESCRIPTOR_COMPONENTS = 8  # (0004,1141) CS, VM 1-8
MAX_DESCRIPTOR_COMPONENT_LENGTH = 16

#: (0004,1410) Record In-use Flag of a record in use (PS3.3 F.3.2.2).
RECORD_IN_USE = 0xFFFF

#: The offsets of the Basic Directory IOD (PS3.3 F.3.2.1, F.3.2.2), by keyword.
FIRST_OFFSET = "OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity"
LAST_OFFSET = "OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity"
NEXT_OFFSET = "OffsetOfTheNextDirectoryRecord"
LOWER_OFFSET = "OffsetOfReferencedLowerLevelDirectoryEntity"

#: Digits of generated File ID suffixes: 0-9, then letters without J (pydicom 3's choice).
FILE_ID_SUFFIX_CHARACTERS = "0123456789ABCDEFGHIKLMNOPQRSTUVWXYZ"

#: File ID component prefix per Directory Record Type (the folders and files written).
RECORD_PREFIXES = {
    "PATIENT": "PT",
    "STUDY": "ST",
    "SERIES": "SE",
    "IMAGE": "IM",
    "RT DOSE": "RD",
    "RT STRUCTURE SET": "RS",
    "RT PLAN": "RP",
    "RT TREAT RECORD": "RX",
    "PRESENTATION": "PR",
    "WAVEFORM": "WV",
    "SR DOCUMENT": "SR",
    "KEY OBJECT DOC": "KY",
    "SPECTROSCOPY": "SP",
    "RAW DATA": "RW",
    "REGISTRATION": "RG",
    "FIDUCIAL": "FD",
    "HANGING PROTOCOL": "HG",
    "ENCAP DOC": "ED",
    "VALUE MAP": "VM",
    "STEREOMETRIC": "SX",
    "PALETTE": "PA",
    "IMPLANT": "IP",
    "IMPLANT ASSY": "IA",
    "IMPLANT GROUP": "IG",
    "PLAN": "PL",
    "MEASUREMENT": "MX",
    "SURFACE": "SF",
    "SURFACE SCAN": "SS",
    "TRACT": "TR",
    "ASSESSMENT": "AS",
    "RADIOTHERAPY": "RT",
    "PRIVATE": "P",
}

#: How a record takes an attribute from its instance: Type 1 (must be present
#: with a value), Type 2 (copied, empty when absent), Type 1C (copied, with a
#: value, when the instance has it).
REQUIRED, OPTIONAL, CONDITIONAL = "1", "2", "1C"

_CONTENT = (("InstanceNumber", REQUIRED), ("ContentDate", REQUIRED), ("ContentTime", REQUIRED))
_CONTENT_ID = _CONTENT + (
    ("ContentLabel", REQUIRED),
    ("ContentDescription", OPTIONAL),
    ("ContentCreatorName", OPTIONAL),
)

#: The attributes of each record type taken from the instance (PS3.3 F.5), in order.
RECORD_ATTRIBUTES: dict[str, tuple[tuple[str, str], ...]] = {
    "PATIENT": (("PatientName", OPTIONAL), ("PatientID", REQUIRED)),  # F.5.1
    "STUDY": (  # F.5.2
        ("StudyDate", REQUIRED),
        ("StudyTime", REQUIRED),
        ("StudyDescription", OPTIONAL),
        ("StudyInstanceUID", CONDITIONAL),
        ("StudyID", REQUIRED),
        ("AccessionNumber", OPTIONAL),
    ),
    "SERIES": (("Modality", REQUIRED), ("SeriesInstanceUID", REQUIRED), ("SeriesNumber", REQUIRED)),
    "IMAGE": (("InstanceNumber", REQUIRED),),  # F.5.4
    "RT DOSE": (("InstanceNumber", REQUIRED), ("DoseSummationType", REQUIRED)),
    "RT STRUCTURE SET": (
        ("InstanceNumber", REQUIRED),
        ("StructureSetLabel", REQUIRED),
        ("StructureSetDate", OPTIONAL),
        ("StructureSetTime", OPTIONAL),
    ),
    "RT PLAN": (
        ("InstanceNumber", REQUIRED),
        ("RTPlanLabel", REQUIRED),
        ("RTPlanDate", OPTIONAL),
        ("RTPlanTime", OPTIONAL),
    ),
    "RT TREAT RECORD": (("InstanceNumber", REQUIRED), ("TreatmentDate", OPTIONAL), ("TreatmentTime", OPTIONAL)),
    "PRESENTATION": (
        ("PresentationCreationDate", REQUIRED),
        ("PresentationCreationTime", REQUIRED),
        ("InstanceNumber", REQUIRED),
        ("ContentLabel", REQUIRED),
        ("ContentDescription", OPTIONAL),
        ("ContentCreatorName", OPTIONAL),
        ("ReferencedSeriesSequence", CONDITIONAL),
        ("BlendingSequence", CONDITIONAL),
    ),
    "WAVEFORM": _CONTENT,
    "SR DOCUMENT": (
        ("InstanceNumber", REQUIRED),
        ("CompletionFlag", REQUIRED),
        ("VerificationFlag", REQUIRED),
        ("ContentDate", REQUIRED),
        ("ContentTime", REQUIRED),
        ("VerificationDateTime", CONDITIONAL),
        ("ConceptNameCodeSequence", REQUIRED),
        ("ContentSequence", CONDITIONAL),
    ),
    "KEY OBJECT DOC": (
        ("ContentDate", REQUIRED),
        ("ContentTime", REQUIRED),
        ("InstanceNumber", REQUIRED),
        ("ConceptNameCodeSequence", REQUIRED),
        ("ContentSequence", CONDITIONAL),
    ),
    "SPECTROSCOPY": (
        ("ImageType", REQUIRED),
        ("ContentDate", REQUIRED),
        ("ContentTime", REQUIRED),
        ("InstanceNumber", REQUIRED),
        ("ReferencedImageEvidenceSequence", CONDITIONAL),
        ("NumberOfFrames", REQUIRED),
        ("Rows", REQUIRED),
        ("Columns", REQUIRED),
        ("DataPointRows", REQUIRED),
        ("DataPointColumns", REQUIRED),
    ),
    "RAW DATA": _CONTENT,
    "REGISTRATION": _CONTENT_ID,
    "FIDUCIAL": _CONTENT_ID,
    "HANGING PROTOCOL": (
        ("HangingProtocolCreator", REQUIRED),
        ("HangingProtocolCreationDateTime", REQUIRED),
        ("HangingProtocolDefinitionSequence", REQUIRED),
        ("NumberOfPriorsReferenced", REQUIRED),
        ("HangingProtocolUserIdentificationCodeSequence", OPTIONAL),
    ),
    "ENCAP DOC": (
        ("ContentDate", OPTIONAL),
        ("ContentTime", OPTIONAL),
        ("InstanceNumber", REQUIRED),
        ("DocumentTitle", OPTIONAL),
        ("HL7InstanceIdentifier", CONDITIONAL),
        ("ConceptNameCodeSequence", OPTIONAL),
        ("MIMETypeOfEncapsulatedDocument", REQUIRED),
    ),
    "VALUE MAP": _CONTENT_ID,
    "STEREOMETRIC": (),
    "PALETTE": (("ContentLabel", REQUIRED), ("ContentDescription", OPTIONAL)),
    "IMPLANT": (
        ("Manufacturer", REQUIRED),
        ("ImplantName", REQUIRED),
        ("ImplantSize", CONDITIONAL),
        ("ImplantPartNumber", REQUIRED),
    ),
    "IMPLANT ASSY": (
        ("ImplantAssemblyTemplateName", REQUIRED),
        ("Manufacturer", REQUIRED),
        ("ProcedureTypeCodeSequence", REQUIRED),
    ),
    "IMPLANT GROUP": (("ImplantTemplateGroupName", REQUIRED), ("ImplantTemplateGroupIssuer", REQUIRED)),
    "PLAN": (),
    "MEASUREMENT": _CONTENT_ID,
    "SURFACE": _CONTENT_ID,
    "SURFACE SCAN": (("ContentDate", REQUIRED), ("ContentTime", REQUIRED)),
    "TRACT": _CONTENT_ID,
    "ASSESSMENT": (
        ("InstanceNumber", REQUIRED),
        ("InstanceCreationDate", REQUIRED),
        ("InstanceCreationTime", OPTIONAL),
    ),
    "RADIOTHERAPY": (
        ("InstanceNumber", REQUIRED),
        ("UserContentLabel", CONDITIONAL),
        ("UserContentLongLabel", CONDITIONAL),
        ("ContentDescription", OPTIONAL),
        ("ContentCreatorName", OPTIONAL),
    ),
}

#: SOP Classes (by UID keyword) recorded by a single record under the root (PS3.3 F.4).
SINGLE_LEVEL_SOP_CLASSES = {
    "HangingProtocolStorage": "HANGING PROTOCOL",
    "ColorPaletteStorage": "PALETTE",
    "GenericImplantTemplateStorage": "IMPLANT",
    "ImplantAssemblyTemplateStorage": "IMPLANT ASSY",
    "ImplantTemplateGroupStorage": "IMPLANT GROUP",
}

#: Modalities whose instances are RADIOTHERAPY records (PS3.3 F.5.x, RT Second Generation).
RADIOTHERAPY_MODALITIES = ("RTINTENT", "RTSEGANN", "RTRAD")

#: SOP Classes (by UID keyword) and the leaf record type below PATIENT/STUDY/SERIES (PS3.3 F.4).
FOUR_LEVEL_SOP_CLASSES = {
    "RTDoseStorage": "RT DOSE",
    "RTStructureSetStorage": "RT STRUCTURE SET",
    "RTBeamsTreatmentRecordStorage": "RT TREAT RECORD",
    "RTBrachyTreatmentRecordStorage": "RT TREAT RECORD",
    "RTTreatmentSummaryRecordStorage": "RT TREAT RECORD",
    "RTIonBeamsTreatmentRecordStorage": "RT TREAT RECORD",
    **{
        name: "PRESENTATION"
        for name in (
            "GrayscaleSoftcopyPresentationStateStorage",
            "ColorSoftcopyPresentationStateStorage",
            "PseudoColorSoftcopyPresentationStateStorage",
            "BlendingSoftcopyPresentationStateStorage",
            "XAXRFGrayscaleSoftcopyPresentationStateStorage",
            "BasicStructuredDisplayStorage",
        )
    },
    **{
        name: "WAVEFORM"
        for name in (
            "BasicVoiceAudioWaveformStorage",
            "TwelveLeadECGWaveformStorage",
            "GeneralECGWaveformStorage",
            "AmbulatoryECGWaveformStorage",
            "HemodynamicWaveformStorage",
            "CardiacElectrophysiologyWaveformStorage",
            "ArterialPulseWaveformStorage",
            "RespiratoryWaveformStorage",
            "GeneralAudioWaveformStorage",
            "RoutineScalpElectroencephalogramWaveformStorage",
            "ElectromyogramWaveformStorage",
            "ElectrooculogramWaveformStorage",
            "SleepElectroencephalogramWaveformStorage",
            "MultichannelRespiratoryWaveformStorage",
            "BodyPositionWaveformStorage",
        )
    },
    **{
        name: "SR DOCUMENT"
        for name in (
            "BasicTextSRStorage",
            "EnhancedSRStorage",
            "ComprehensiveSRStorage",
            "MammographyCADSRStorage",
            "ChestCADSRStorage",
            "ProcedureLogStorage",
            "XRayRadiationDoseSRStorage",
            "SpectaclePrescriptionReportStorage",
            "ColonCADSRStorage",
            "MacularGridThicknessAndVolumeReportStorage",
            "ImplantationPlanSRStorage",
            "Comprehensive3DSRStorage",
            "RadiopharmaceuticalRadiationDoseSRStorage",
            "ExtensibleSRStorage",
            "AcquisitionContextSRStorage",
            "SimplifiedAdultEchoSRStorage",
            "PatientRadiationDoseSRStorage",
            "PlannedImagingAgentAdministrationSRStorage",
            "PerformedImagingAgentAdministrationSRStorage",
        )
    },
    "KeyObjectSelectionDocumentStorage": "KEY OBJECT DOC",
    "MRSpectroscopyStorage": "SPECTROSCOPY",
    "RawDataStorage": "RAW DATA",
    "SpatialRegistrationStorage": "REGISTRATION",
    "DeformableSpatialRegistrationStorage": "REGISTRATION",
    "SpatialFiducialsStorage": "FIDUCIAL",
    "RealWorldValueMappingStorage": "VALUE MAP",
    "StereometricRelationshipStorage": "STEREOMETRIC",
    **{
        name: "MEASUREMENT"
        for name in (
            "LensometryMeasurementsStorage",
            "AutorefractionMeasurementsStorage",
            "KeratometryMeasurementsStorage",
            "SubjectiveRefractionMeasurementsStorage",
            "VisualAcuityMeasurementsStorage",
            "OphthalmicAxialMeasurementsStorage",
            "OphthalmicVisualFieldStaticPerimetryMeasurementsStorage",
        )
    },
    "SurfaceSegmentationStorage": "SURFACE",
    "SurfaceScanMeshStorage": "SURFACE SCAN",
    "SurfaceScanPointCloudStorage": "SURFACE SCAN",
    "TractographyResultsStorage": "TRACT",
    "ContentAssessmentResultsStorage": "ASSESSMENT",
}
