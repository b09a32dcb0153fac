from .antibody_isotype import AntibodyIsotype
from .host_organism import HostOrganism
from .resistance_marker import ResistanceMarker
from .storage_temperature import StorageTemperature