"""Make the sample files shipped in ``dicomconstruct/data/files`` with dicomconstruct's own writer.

Deterministic: running it again gives byte-identical files (no clock, no random
UIDs).  Every sample is a complete IOD that ``dciodvfy`` (dicom3tools) accepts
without errors.

* ``CT_small.dcm``: a CT Image (PS3.3 A.3) with the values the dataset basics
  tutorial shows: File Meta from DCTOOL100 / CLUNIE1 (group length 192),
  Other Patient IDs Sequence with two items, a GEMS_PARM_01 private block with
  (0043,104E) FL 10.60060977935791, 128x128 16-bit synthetic Pixel Data and
  126 bytes of Data Set Trailing Padding.  UID values and acquisition facts are
  those of the public CT_small sample by David Clunie.
* ``no_meta.dcm``: the same data set, Implicit VR Little Endian, without
  preamble and File Meta (a bare data set).
* ``CT_small_implicit.dcm``, ``CT_small_big_endian.dcm``,
  ``CT_small_deflated.dcm``: CT_small in the other uncompressed transfer syntaxes.
* ``CT_nested_sequences.dcm``: a CT Image with sequences nested two deep.
* ``MF_grayscale_word.dcm``: a 4-frame Multi-frame Grayscale Word Secondary Capture Image.
* ``MR_small.dcm``: an MR Image (PS3.3 A.4) of 64x64 16-bit synthetic values (``examples.mr``).
* ``fileset/``: a File-set (PS3.10 8) of CT_small, MR_small, MF_grayscale_word and
  examples_rgb_color, written by :class:`dicomconstruct.fileset.FileSet`: ``fileset/DICOMDIR``
  (``examples.dicomdir``) and the instances under ``PT000000/ST000000/SE00000n/IM000000``.
* ``examples_rgb_color.dcm``: a Secondary Capture Image (PS3.3 A.8.1) of 64x48 8-bit RGB colour
  bars, Planar Configuration 0 (``examples.rgb_color``).

Usage: ``python tools/make_testdata.py [OUTPUT_DIR]``.
"""

from __future__ import annotations

import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from dicomconstruct import uid  # noqa: E402
from dicomconstruct.codec.values import swap_bytes  # noqa: E402
from dicomconstruct.dataset import Dataset, FileMetaDataset  # noqa: E402
from dicomconstruct.filewriter import dcmwrite  # noqa: E402

DEFAULT_OUTPUT = os.path.join(os.path.dirname(HERE), "dicomconstruct", "data", "files")

CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
MF_WORD_SC_STORAGE = "1.2.840.10008.5.1.4.1.1.7.3"
SOP_INSTANCE_UID = "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322"
STUDY_INSTANCE_UID = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322"
SERIES_INSTANCE_UID = "1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322"
FRAME_OF_REFERENCE_UID = "1.3.6.1.4.1.5962.1.4.1.1.20040119072730.12322"
INSTANCE_CREATOR_UID = "1.3.6.1.4.1.5962.3"
CLUNIE_IMPLEMENTATION_UID = "1.3.6.1.4.1.5962.2"
#: UIDs of the samples that are ours alone, under dicomconstruct's root.
OUR_ROOT = str(uid.ROOT_UID)


def our_uid(*numbers: int) -> str:
    return OUR_ROOT + ".".join(str(n) for n in numbers)


def phantom(rows: int, columns: int, frame: int = 0) -> bytes:
    """A synthetic CT slice: air outside, a water body, a bone ring and two inserts (stored values)."""
    values = []
    cy, cx = (rows - 1) / 2, (columns - 1) / 2
    body = 0.43 * min(rows, columns)
    for y in range(rows):
        for x in range(columns):
            dy, dx = (y - cy) / body, (x - cx) / (body * 1.15)
            r2 = dx * dx + dy * dy
            if r2 > 1.0:
                value = 24 + ((x * 7 + y * 3 + frame) % 5)  # air, a little noise-like texture
            elif r2 > 0.85:
                value = 1024 + 900  # bone ring
            else:
                value = 1024 + ((x + 2 * y + 3 * frame) % 17) - 8  # water
                if (x - cx + 0.2 * columns) ** 2 + (y - cy) ** 2 < (0.08 * columns) ** 2:
                    value = 1024 - 100  # fat insert
                if (x - cx - 0.2 * columns) ** 2 + (y - cy) ** 2 < (0.06 * columns) ** 2:
                    value = 1024 + 300  # contrast insert
            values.append(value)
    return struct.pack(f"<{len(values)}h", *values)


def signed_slice(ds: Dataset, size: int, spacing: str) -> None:
    """The Image Pixel attributes of a square MONOCHROME2 slice of signed 16-bit values."""
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = size
    ds.Columns = size
    ds.PixelSpacing = [spacing, spacing]
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 1


def patient_study(ds: Dataset) -> None:
    ds.PatientName = "CompressedSamples^CT1"
    ds.PatientID = "1CT1"
    ds.PatientBirthDate = ""
    ds.PatientSex = "O"
    ds.StudyDate = "20040119"
    ds.StudyTime = "072730"
    ds.AccessionNumber = ""
    ds.ReferringPhysicianName = ""
    ds.StudyID = "1CT1"
    ds.StudyInstanceUID = STUDY_INSTANCE_UID


def ct_small() -> Dataset:
    """The CT_small data set (no File Meta)."""
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.InstanceCreationDate = "20040119"
    ds.InstanceCreationTime = "072731"
    ds.InstanceCreatorUID = INSTANCE_CREATOR_UID
    ds.SOPClassUID = CT_IMAGE_STORAGE
    ds.SOPInstanceUID = SOP_INSTANCE_UID
    ds.SeriesDate = "19970430"
    ds.AcquisitionDate = "19970430"
    ds.ContentDate = "19970430"
    ds.SeriesTime = "112749"
    ds.AcquisitionTime = "112936"
    ds.ContentTime = "113008"
    ds.Modality = "CT"
    ds.Manufacturer = "GE MEDICAL SYSTEMS"
    ds.InstitutionName = "JFK IMAGING CENTER"
    ds.TimezoneOffsetFromUTC = "-0500"
    ds.StationName = "CT01_OC0"
    ds.StudyDescription = "e+1"
    ds.ManufacturerModelName = "RHAPSODE"
    iden = ds.private_block(0x0009, "GEMS_IDEN_01", create=True)
    iden.add_new(0x01, "LO", "GE_GENESIS_FF")
    iden.add_new(0x02, "SH", "CT01")
    iden.add_new(0x04, "SH", "HiSpeed CT/i")
    patient_study(ds)
    first, second = Dataset(), Dataset()
    first.PatientID = "ABCD1234"
    first.TypeOfPatientID = "TEXT"
    second.PatientID = "1234ABCD"
    second.TypeOfPatientID = "TEXT"
    ds.OtherPatientIDsSequence = [first, second]
    ds.PatientAge = "000Y"
    ds.ContrastBolusAgent = "ISOVUE300/100"
    ds.ScanOptions = "HELICAL MODE"
    ds.SliceThickness = "5.000000"
    ds.KVP = "120"
    ds.SpacingBetweenSlices = "5.000000"
    ds.DataCollectionDiameter = "480.000000"
    ds.SoftwareVersions = "05"
    ds.ContrastBolusRoute = "IV"
    ds.ReconstructionDiameter = "338.671600"
    ds.DistanceSourceToDetector = "1099.3100585938"
    ds.DistanceSourceToPatient = "630.000000"
    ds.GantryDetectorTilt = "0.000000"
    ds.TableHeight = "133.699997"
    ds.ExposureTime = "1601"
    ds.XRayTubeCurrent = "170"
    ds.Exposure = "170"
    ds.FilterType = "LARGE BOWTIE FIL"
    ds.FocalSpots = "0.700000"
    ds.ConvolutionKernel = "STANDARD"
    ds.PatientPosition = "FFS"
    ds.SeriesInstanceUID = SERIES_INSTANCE_UID
    ds.SeriesNumber = "1"
    ds.Laterality = ""
    ds.AcquisitionNumber = "2"
    ds.InstanceNumber = "1"
    ds.ImagePositionPatient = ["-158.135803", "-179.035797", "-75.699997"]
    ds.ImageOrientationPatient = ["1.000000", "0.000000", "0.000000", "0.000000", "1.000000", "0.000000"]
    ds.FrameOfReferenceUID = FRAME_OF_REFERENCE_UID
    ds.PositionReferenceIndicator = "SN"
    ds.SliceLocation = "-77.2040634155"
    ds.ImageComments = "Uncompressed"
    signed_slice(ds, 128, "0.661468")
    ds.RescaleIntercept = "-1024"
    ds.RescaleSlope = "1"
    ds.RescaleType = "HU"
    parm = ds.private_block(0x0043, "GEMS_PARM_01", create=True)
    parm.add_new(0x10, "US", 400)
    parm.add_new(0x11, "US", 10431)
    parm.add_new(0x12, "SS", [14, 2, 3])
    parm.add_new(0x17, "DS", "0.095000")
    parm.add_new(0x27, "SH", "/1.0:1")
    parm.add_new(0x40, "FL", 178.07992553710938)
    parm.add_new(0x4D, "FL", 0.0)
    parm.add_new(0x4E, "FL", 10.60060977935791)
    ds.add_new(0x7FE00010, "OW", phantom(128, 128))
    ds.add_new(0xFFFCFFFC, "OB", b"\x00" * 126)
    return ds


def file_meta(sop_class: str, sop_instance: str, transfer_syntax: str) -> FileMetaDataset:
    meta = FileMetaDataset()
    meta.FileMetaInformationVersion = b"\x00\x01"
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = sop_instance
    meta.TransferSyntaxUID = transfer_syntax
    meta.ImplementationClassUID = CLUNIE_IMPLEMENTATION_UID
    meta.ImplementationVersionName = "DCTOOL100"
    meta.SourceApplicationEntityTitle = "CLUNIE1"
    return meta


def nested_sequences() -> Dataset:
    """A CT Image whose references and anatomy use sequences nested two deep."""
    ds = ct_small()
    del ds[0xFFFCFFFC]
    del ds.Laterality  # the Anatomic Region Sequence says: chest, not a paired body part
    ds.SOPInstanceUID = our_uid(1, 1)
    ds.SeriesInstanceUID = our_uid(1, 2)
    ds.SeriesNumber = "2"
    ds.ImageType = ["DERIVED", "SECONDARY", "AXIAL"]
    references = []
    for number in (1, 2):
        reference = Dataset()
        reference.ReferencedSOPClassUID = CT_IMAGE_STORAGE
        reference.ReferencedSOPInstanceUID = our_uid(1, 3, number)
        purpose = Dataset()
        purpose.CodeValue = "121311"
        purpose.CodingSchemeDesignator = "DCM"
        purpose.CodeMeaning = "Localizer"
        reference.PurposeOfReferenceCodeSequence = [purpose]
        references.append(reference)
    ds.ReferencedImageSequence = references
    source = Dataset()
    source.ReferencedSOPClassUID = CT_IMAGE_STORAGE
    source.ReferencedSOPInstanceUID = SOP_INSTANCE_UID
    derivation = Dataset()
    derivation.CodeValue = "113076"
    derivation.CodingSchemeDesignator = "DCM"
    derivation.CodeMeaning = "Segmentation"
    ds.DerivationCodeSequence = [derivation]
    purpose = Dataset()
    purpose.CodeValue = "121320"
    purpose.CodingSchemeDesignator = "DCM"
    purpose.CodeMeaning = "Uncompressed predecessor"
    source.PurposeOfReferenceCodeSequence = [purpose]
    ds.SourceImageSequence = [source]
    region = Dataset()
    region.CodeValue = "51185008"
    region.CodingSchemeDesignator = "SCT"
    region.CodeMeaning = "Chest"
    modifier = Dataset()
    modifier.CodeValue = "7771000"
    modifier.CodingSchemeDesignator = "SCT"
    modifier.CodeMeaning = "Left"
    region.AnatomicRegionModifierSequence = [modifier]
    ds.AnatomicRegionSequence = [region]
    return ds


def multi_frame() -> Dataset:
    """A Multi-frame Grayscale Word Secondary Capture Image (PS3.3 A.8.4) of 4 frames, 32x32."""
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.ImageType = ["DERIVED", "SECONDARY"]
    ds.SOPClassUID = MF_WORD_SC_STORAGE
    ds.SOPInstanceUID = our_uid(2, 1)
    patient_study(ds)
    ds.ContentDate = "20040119"
    ds.ContentTime = "080000"
    ds.Modality = "OT"
    ds.ConversionType = "WSD"
    ds.Manufacturer = "dicomconstruct"
    ds.SeriesInstanceUID = our_uid(2, 2)
    ds.SeriesNumber = "3"
    ds.Laterality = ""
    ds.BurnedInAnnotation = "NO"
    ds.PresentationLUTShape = "IDENTITY"
    ds.InstanceNumber = "1"
    ds.PatientOrientation = ""
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.NumberOfFrames = "4"
    ds.FrameIncrementPointer = 0x00181063
    ds.FrameTime = "100.0"
    ds.Rows = 32
    ds.Columns = 32
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.RescaleIntercept = "0"
    ds.RescaleSlope = "1"
    ds.RescaleType = "US"
    ds.add_new(0x7FE00010, "OW", b"".join(phantom(32, 32, frame) for frame in range(4)))
    return ds


def _image_series(ds: Dataset, sop_class: str, number: int, modality: str) -> None:
    """The SOP Common, General Series/Equipment/Image attributes shared by the small samples."""
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = our_uid(number, 1)
    patient_study(ds)
    ds.ContentDate = "20040119"
    ds.ContentTime = "080000"
    ds.Modality = modality
    ds.Manufacturer = "dicomconstruct"
    ds.SeriesInstanceUID = our_uid(number, 2)
    ds.SeriesNumber = str(number)
    ds.Laterality = ""
    ds.InstanceNumber = "1"
    ds.PatientOrientation = ""


def mr_small() -> Dataset:
    """An MR Image (PS3.3 A.4): 64x64 signed 16-bit synthetic values, one slice."""
    ds = Dataset()
    ds.ImageType = ["ORIGINAL", "PRIMARY", "OTHER"]
    _image_series(ds, uid.MRImageStorage, 3, "MR")
    ds.ScanningSequence = "SE"
    ds.SequenceVariant = "NONE"
    ds.ScanOptions = ""
    ds.MRAcquisitionType = "2D"
    ds.SliceThickness = "5.0"
    ds.RepetitionTime = "500.0"
    ds.EchoTime = "20.0"
    ds.EchoTrainLength = "1"
    ds.ImagingFrequency = "63.9"
    ds.MagneticFieldStrength = "1.5"
    ds.PatientPosition = "HFS"
    ds.ImagePositionPatient = ["-120.0", "-120.0", "0.0"]
    ds.ImageOrientationPatient = ["1.0", "0.0", "0.0", "0.0", "1.0", "0.0"]
    ds.FrameOfReferenceUID = our_uid(3, 3)
    ds.PositionReferenceIndicator = ""
    ds.SliceLocation = "0.0"
    signed_slice(ds, 64, "3.75")
    ds.add_new(0x7FE00010, "OW", phantom(64, 64))
    return ds


def rgb_color() -> Dataset:
    """A Secondary Capture Image (PS3.3 A.8.1): 64 columns x 48 rows of RGB colour bars, 8 bits."""
    ds = Dataset()
    ds.ImageType = ["DERIVED", "SECONDARY"]
    _image_series(ds, uid.SecondaryCaptureImageStorage, 4, "OT")
    ds.ConversionType = "WSD"
    ds.BurnedInAnnotation = "NO"
    ds.SamplesPerPixel = 3
    ds.PhotometricInterpretation = "RGB"
    ds.PlanarConfiguration = 0
    ds.Rows = 48
    ds.Columns = 64
    ds.BitsAllocated = 8
    ds.BitsStored = 8
    ds.HighBit = 7
    ds.PixelRepresentation = 0
    bars = [(255, 255, 255), (255, 255, 0), (0, 255, 255), (0, 255, 0),
            (255, 0, 255), (255, 0, 0), (0, 0, 255), (0, 0, 0)]
    pixels = bytearray()
    for row in range(48):
        for column in range(64):
            red, green, blue = bars[column // 8]
            shade = 255 - 2 * row  # darker towards the bottom
            pixels += bytes(value * shade // 255 for value in (red, green, blue))
    ds.add_new(0x7FE00010, "OB", bytes(pixels))
    return ds


def samples() -> dict[str, tuple[Dataset, FileMetaDataset | None]]:
    """name -> (data set, File Meta or None for a bare data set)."""
    ct = ct_small()
    out = {
        "CT_small.dcm": (ct, file_meta(CT_IMAGE_STORAGE, SOP_INSTANCE_UID, uid.ExplicitVRLittleEndian)),
        "no_meta.dcm": (ct_small(), None),
    }
    for name, syntax in (
        ("CT_small_implicit.dcm", uid.ImplicitVRLittleEndian),
        ("CT_small_big_endian.dcm", uid.ExplicitVRBigEndian),
        ("CT_small_deflated.dcm", uid.DeflatedExplicitVRLittleEndian),
    ):
        ds = ct_small()
        if not syntax.is_little_endian:
            # a value of a data set is held in its own transfer syntax's byte order, as in pydicom
            ds.PixelData = swap_bytes("OW", ds.PixelData)
        out[name] = (ds, file_meta(CT_IMAGE_STORAGE, SOP_INSTANCE_UID, syntax))
    nested = nested_sequences()
    out["CT_nested_sequences.dcm"] = (
        nested,
        file_meta(CT_IMAGE_STORAGE, str(nested.SOPInstanceUID), uid.ExplicitVRLittleEndian),
    )
    frames = multi_frame()
    out["MF_grayscale_word.dcm"] = (
        frames,
        file_meta(MF_WORD_SC_STORAGE, str(frames.SOPInstanceUID), uid.ExplicitVRLittleEndian),
    )
    for name, ds in (("MR_small.dcm", mr_small()), ("examples_rgb_color.dcm", rgb_color())):
        out[name] = (ds, file_meta(str(ds.SOPClassUID), str(ds.SOPInstanceUID), uid.ExplicitVRLittleEndian))
    return out


#: The samples the File-set sample holds, and its File-set ID.
FILESET_MEMBERS = ("CT_small.dcm", "MR_small.dcm", "MF_grayscale_word.dcm", "examples_rgb_color.dcm")
FILESET_ID = "DICOMCONSTRUCT"


def make_fileset(output: str) -> list[str]:
    """Write the File-set sample into ``output/fileset`` from the samples in ``output``."""
    import shutil

    from dicomconstruct.fileset import FileSet

    root = os.path.join(output, "fileset")
    shutil.rmtree(root, ignore_errors=True)
    fs = FileSet()
    fs.UID = our_uid(5, 1)
    fs.ID = FILESET_ID
    for name in FILESET_MEMBERS:
        fs.add(os.path.join(output, name))
    fs.write(root)
    return [os.path.join(root, "DICOMDIR")] + [instance.path for instance in fs]


def make(output: str = DEFAULT_OUTPUT) -> list[str]:
    """Write every sample into ``output``; return the paths written."""
    os.makedirs(output, exist_ok=True)
    written = []
    for name, (ds, meta) in samples().items():
        path = os.path.join(output, name)
        if meta is None:
            dcmwrite(path, ds, implicit_vr=True, little_endian=True)
        else:
            ds.file_meta = meta
            dcmwrite(path, ds, enforce_file_format=True)
        written.append(path)
    written.extend(make_fileset(output))
    return written


if __name__ == "__main__":
    for written_path in make(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUTPUT):
        print(written_path)
