#!/usr/bin/env python3
"""Liminal 4.6.2's `generate-files` text, transcribed by hand into Python, over
our JSON model files: the independent source of the Python model goldens
(tests/data/python-model-golden/).

Transcribed from dynotx/liminal-orm f6a605a (4.6.2), never from our C code:
  liminal/dropdowns/generate_files.py       generate_all_dropdown_files
  liminal/entity_schemas/generate_files.py  generate_all_entity_schema_files
  liminal/results_schemas/generate_files.py generate_all_results_schema_files
  liminal/orm/results_schema_properties.py  ResultsSchemaProperties.__repr__
  liminal/base/properties/base_schema_properties.py  BaseSchemaProperties.__repr__
      (model_dump(exclude_unset=True, exclude_defaults=True): SchemaProperties'
       defaults, the nested MixtureSchemaConfig's defaults dropped too)
  liminal/base/properties/base_name_template.py      BaseNameTemplate.__repr__
  liminal/orm/name_template_parts.py        the part classes (pydantic repr)
  liminal/base/properties/base_field_properties.py   column_dump
  liminal/base/str_enum.py                  StrEnum.__repr__ -> 'Class.MEMBER'
  liminal/mappers.py                        convert_benchling_type_to_python_type
  liminal/utils.py                          to_pascal_case, to_snake_case
Python's own repr() writes every str, bool, int, dict and list, as in Liminal.

Where Liminal takes an order from a Python set (import lines, the part
classes of one import line, set values in reprs) we sort: sorted() by the
written text.  That is the one deviation for these inputs.

Usage:
  python-model-oracle.py JSON_MODEL_DIR OUT_DIR [SCHEMA_WH_NAME ...]
    writes the Python files; the warehouse names, when given, are the
    tenant's order of the entity schemas (else file-name order).
  python-model-oracle.py --check
    TAP: the golden of the compare fixture (tests/data/model-files/tenant ->
    tests/data/python-model-golden/tenant) is what this script derives, and
    every golden file parses as Python.
"""

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TAB = "    "


def to_pascal_case(s):
    words = re.split(r"[ /_\-]", s)
    return "".join(re.sub(r"[^a-zA-Z0-9]", "", w).capitalize() for w in words)


def to_snake_case(s):
    words = [w for w in re.split(r"[ /_\-]", s) if w]
    return "_".join(re.sub(r"[^a-zA-Z0-9]", "", w).lower() for w in words)


class Enum:
    """A Liminal StrEnum member: repr() is 'Class.MEMBER'."""

    def __init__(self, cls, member):
        self.text = f"{cls}.{member}"

    def __repr__(self):
        return self.text


class SortedSet:
    """A set whose repr is sorted (Python's would follow hash order)."""

    def __init__(self, items):
        self.items = list(items)

    def __repr__(self):
        if not self.items:
            return "set()"
        return "{" + ", ".join(sorted(repr(i) for i in self.items)) + "}"


ENTITY_TYPES = {
    "custom_entity": "CUSTOM_ENTITY", "dna_sequence": "DNA_SEQUENCE", "dna_oligo": "DNA_OLIGO",
    "rna_oligo": "RNA_OLIGO", "rna_sequence": "RNA_SEQUENCE", "aa_sequence": "AA_SEQUENCE",
    "entry": "ENTRY", "mixture": "MIXTURE", "molecule": "MOLECULE",
}
FIELD_TYPES = {
    "aa_sequence_link": "AA_SEQUENCE_LINK", "blob_link": "BLOB_LINK", "custom_entity_link": "CUSTOM_ENTITY_LINK",
    "date": "DATE", "datetime": "DATETIME", "dna_sequence_link": "DNA_SEQUENCE_LINK", "part_link": "PART_LINK",
    "translation_link": "TRANSLATION_LINK", "transcription_link": "TRANSCRIPTION_LINK", "dropdown": "DROPDOWN",
    "entity_link": "ENTITY_LINK", "entry_link": "ENTRY_LINK", "float": "DECIMAL", "integer": "INTEGER",
    "long_text": "LONG_TEXT", "mixture_link": "MIXTURE_LINK", "storage_link": "STORAGE_LINK", "text": "TEXT",
    "json": "JSON", "boolean": "BOOLEAN",
}
NAMING = {
    "NEW_IDS": "NEW_IDS", "IDS_FROM_NAMES": "IDS_FROM_NAMES", "DELETE_NAMES": "REPLACE_NAME_WITH_ID",
    "SET_FROM_NAME_PARTS": "RENAME_WITH_TEMPLATE_WITH_ALIAS", "REPLACE_NAMES_FROM_PARTS": "REPLACE_NAMES_WITH_TEMPLATE",
    "KEEP_NAMES": "KEEP_NAMES",
}
PART_CLASSES = {
    "SEPARATOR": "SeparatorPart", "TEXT": "TextPart", "CREATED_AT_YEAR": "CreationYearPart",
    "CREATED_AT_DATE": "CreationDatePart", "FIELD": "FieldPart",
    "REGISTRY_IDENTIFIER_NUMBER": "RegistryIdentifierNumberPart",
    "LINKED_BIOENTITY_REGISTRY_IDENTIFIER": "ParentRegistryIdPart", "PROJECT": "ProjectPart",
    "CHILD_ENTITY_LOT_NUMBER": "ParentLotNumberPart", "COMPLEX_POLYMER_COMPONENT": "ComplexPolymerComponentPart",
}
MIXINS = {
    "entry": "EntryMixin", "mixture": "MixtureMixin", "molecule": "MoleculeMixin",
    "custom_entity": "CustomEntityMixin", "dna_sequence": "DnaSequenceMixin", "dna_oligo": "DnaOligoMixin",
    "rna_oligo": "RnaOligoMixin", "rna_sequence": "RnaSequenceMixin", "aa_sequence": "AaSequenceMixin",
}
SUBDIRS = {
    "custom_entity": "custom_entities", "dna_sequence": "dna_sequences", "dna_oligo": "dna_oligos",
    "rna_oligo": "rna_oligos", "rna_sequence": "rna_sequences", "aa_sequence": "aa_sequences",
    "entry": "entries", "mixture": "mixtures", "molecule": "molecules",
}
PY_TYPES = {"date": "datetime", "datetime": "datetime", "float": "float", "integer": "int", "blob_link": "dict",
            "json": "dict", "boolean": "bool"}  # every other type: str
ENTITY_LINK_TYPES = ("entity_link", "translation_link", "transcription_link", "part_link")
DEFAULT_NAMING = {"NEW_IDS", "IDS_FROM_NAMES", "DELETE_NAMES"}


class Part:
    def __init__(self, part):
        self.cls = PART_CLASSES[part["type"]]
        self.args = {k: v for k, v in part.items() if k != "type"}

    def __repr__(self):  # pydantic BaseModel.__repr__
        return f"{self.cls}({', '.join(f'{k}={v!r}' for k, v in self.args.items())})"


def schema_properties_repr(s):
    dump = {"name": s["name"], "warehouse_name": s["warehouse_name"], "prefix": s["prefix"],
            "entity_type": Enum("BenchlingEntityType", ENTITY_TYPES[s["entity_type"]])}
    if set(s["naming_strategies"]) != DEFAULT_NAMING:
        dump["naming_strategies"] = SortedSet(Enum("BenchlingNamingStrategy", NAMING[v])
                                              for v in s["naming_strategies"])
    mix = s["mixture_schema_config"]
    if mix is not None:
        nested = {}
        if mix["allowMeasuredIngredients"] is not False:
            nested["allowMeasuredIngredients"] = mix["allowMeasuredIngredients"]
        for k in ("componentLotStorageEnabled", "componentLotTextEnabled"):
            if mix[k] is not None:
                nested[k] = mix[k]
        dump["mixture_schema_config"] = nested
    for k in ("use_registry_id_as_label", "include_registry_id_in_chips"):
        if s[k] is not False:
            dump[k] = s[k]
    if s["constraint_fields"]:
        dump["constraint_fields"] = SortedSet(s["constraint_fields"])
    if s["show_bases_in_expanded_view"] is not False:
        dump["show_bases_in_expanded_view"] = s["show_bases_in_expanded_view"]
    return f"SchemaProperties({', '.join([f'{k}={v.__repr__()}' for k, v in dump.items()])})"


def name_template(s):
    nt = s["name_template"]
    parts = [Part(p) for p in nt["parts"]]
    order = nt["order_name_parts_by_sequence"]
    if not parts and not order:
        return None, []
    props = []
    if parts:
        props.append(f"parts=[{', '.join(repr(p) for p in parts)}]")
    if order:
        props.append(f"order_name_parts_by_sequence={order}")
    return f"NameTemplate({', '.join(props)})", parts


def column_dump(f, dropdown_classname):
    props = {"name": f["name"], "type": Enum("BenchlingFieldType", FIELD_TYPES[f["type"]]),
             "required": f["required"]}
    if f["is_multi"]:
        props["is_multi"] = True
    if f["parent_link"]:
        props["parent_link"] = True
    if dropdown_classname:
        props["dropdown_link"] = dropdown_classname
    for k in ("entity_link", "tooltip", "decimal_places", "unit_name"):
        if f[k] is not None:
            props[k] = f[k]
    return props


def dropdown_files(dropdowns):
    out = {}
    file_names_to_classname = []
    for d in dropdowns:
        options_list = str(d["options"]).replace("'", '"')
        classname = to_pascal_case(d["name"])
        out["dropdowns/" + to_snake_case(d["name"]) + ".py"] = f"""
from liminal.base.base_dropdown import BaseDropdown


class {classname}(BaseDropdown):
    __benchling_name__ = "{d["name"]}"
    __allowed_values__ = {options_list}
"""
        file_names_to_classname.append((to_snake_case(d["name"]) + ".py", classname))
    file_names_to_classname.sort(key=lambda x: x[0])
    if file_names_to_classname:
        out["dropdowns/__init__.py"] = "\n".join(f"from .{fn[:-3]} import {cn}" for fn, cn in file_names_to_classname)
    return out


def schema_files(schemas):
    out = {}
    subdirectory_map = {}
    wh_name_to_classname = {s["warehouse_name"]: to_pascal_case(s["name"]) for s in schemas}
    for s in schemas:
        classname = to_pascal_case(s["name"])
        filename = to_snake_case(s["name"]) + ".py"
        mixin = MIXINS[s["entity_type"]]
        sp_repr = schema_properties_repr(s)
        import_strings = [
            "from sqlalchemy import Column as SqlColumn",
            "from liminal.orm.column import Column",
            "from liminal.orm.base_model import BaseModel",
            "from liminal.orm.schema_properties import SchemaProperties",
            f"from liminal.orm.mixins import {mixin}",
        ]
        import_strings.append("from liminal.enums import BenchlingEntityType, BenchlingFieldType")
        if "naming_strategies=" in sp_repr:
            import_strings[-1] = import_strings[-1] + ", BenchlingNamingStrategy"
        init_strings = [f"{TAB}def __init__(", f"{TAB}self,"]
        column_strings = []
        dropdowns = []
        relationship_strings = []
        columns = {f["warehouse_name"]: f for f in s["fields"]}
        for col_name, col in columns.items():
            dropdown_classname = to_pascal_case(col["dropdown_link"]) if col["dropdown_link"] else None
            if dropdown_classname:
                dropdowns.append(dropdown_classname)
            column_props_string = ""
            for k, v in column_dump(col, dropdown_classname).items():
                if k == "dropdown_link":
                    column_props_string += f"""dropdown={v}, """
                else:
                    column_props_string += f"""{k}={v.__repr__()}, """
            column_strings.append(f"""{TAB}{col_name}: SqlColumn = Column({column_props_string.rstrip(", ")})""")
            if col["required"]:
                init_strings.append(f"""{TAB}{col_name}: {PY_TYPES.get(col["type"], "str")},""")
            if col["type"] in ("date", "datetime"):
                import_strings.append("from datetime import datetime")
            if col["type"] in ENTITY_LINK_TYPES and col["entity_link"] is not None:
                target = wh_name_to_classname.get(col["entity_link"])
                if target is not None:
                    if not col["is_multi"]:
                        relationship_strings.append(f"""{TAB}{col_name}_entity = single_relationship("{target}", {col_name})""")
                        import_strings.append("from liminal.orm.relationship import single_relationship")
                    else:
                        relationship_strings.append(f"""{TAB}{col_name}_entities = multi_relationship("{target}", {col_name})""")
                        import_strings.append("from liminal.orm.relationship import multi_relationship")
        for col_name, col in columns.items():
            if not col["required"]:
                init_strings.append(f"""{TAB}{col_name}: {PY_TYPES.get(col["type"], "str")} | None = None,""")
        init_strings.append("):")
        for col_name in columns.keys():
            init_strings.append(f"{TAB}self.{col_name} = {col_name}")
        if dropdowns:
            import_strings.append(f"from ...dropdowns import {', '.join(dropdowns)}")
        nt_repr, parts = name_template(s)
        if nt_repr is not None:
            import_strings.append("from liminal.orm.name_template import NameTemplate")
            import_strings.append(f"from liminal.orm.name_template_parts import {', '.join(sorted(set(p.cls for p in parts)))}")
        for col_name, col in columns.items():
            if col["dropdown_link"]:
                init_strings.append(TAB + to_pascal_case(col["dropdown_link"]) + f".validate({col_name})")
        columns_string = "\n".join(column_strings)
        relationship_string = "\n".join(relationship_strings)
        import_string = "\n".join(sorted(set(import_strings)))
        init_string = f"\n{TAB}".join(init_strings) if len(columns) > 0 else ""
        full_content = f"""{import_string}


class {classname}(BaseModel, {mixin}):
    __schema_properties__ = {sp_repr}
    {f"__name_template__ = {nt_repr}" if nt_repr is not None else ""}

{columns_string}

{relationship_string}

{init_string}

"""
        subdir = SUBDIRS[s["entity_type"]]
        subdirectory_map.setdefault(subdir, []).append((filename, classname))
        out[f"entity_schemas/{subdir}/{filename}"] = full_content
    for subdir, names in subdirectory_map.items():
        out[f"entity_schemas/{subdir}/__init__.py"] = "\n".join(
            f"from .{fn[:-3]} import {cn}" for fn, cn in names) + "\n"
    if subdirectory_map:
        out["entity_schemas/__init__.py"] = "\n".join(
            f"from .{subdir} import * # noqa" for subdir in subdirectory_map.keys()) + "\n"
    return out


def results_files(results, schemas):
    """generate_all_results_schema_files, over result schema JSON files
    ({name, warehouse_name, fields}).  The entity classes are those of the
    model's entity schema files (BaseModel.get_all_subclasses(), env.py
    importing the model); the dropdown classes to_pascal_case(name)."""
    out = {}
    entity_schemas_wh_name_to_classname = {s["warehouse_name"]: to_pascal_case(s["name"]) for s in schemas}
    init_file_imports = []
    for r in results:
        file_name = to_snake_case(r["warehouse_name"]) + ".py"
        schema_name = to_pascal_case(r["warehouse_name"])
        init_file_imports.append(f"from .{to_snake_case(r['warehouse_name'])} import {schema_name}")
        import_strings = [
            "from sqlalchemy import Column as SqlColumn",
            "from liminal.orm.base_results_model import BaseResultsModel",
            "from liminal.orm.results_schema_properties import ResultsSchemaProperties",
            "from liminal.orm.column import Column",
            "from liminal.enums import BenchlingFieldType",
        ]
        init_strings = [f"{TAB}def __init__(", f"{TAB}self,"]
        column_strings = []
        dropdowns = []
        relationship_strings = []
        field_properties_dict = {f["warehouse_name"]: f for f in r["fields"]}
        for col_name, col in field_properties_dict.items():
            dropdown_classname = to_pascal_case(col["dropdown_link"]) if col["dropdown_link"] else None
            if dropdown_classname:
                dropdowns.append(dropdown_classname)
            column_props_string = ""
            for k, v in column_dump(col, dropdown_classname).items():
                if k == "dropdown_link":
                    column_props_string += f"""dropdown={v},"""
                else:
                    column_props_string += f"""{k}={v.__repr__()},"""
            column_strings.append(f"""{TAB}{col_name}: SqlColumn = Column({column_props_string.rstrip(',')})""")
            if col["required"]:
                init_strings.append(f"""{TAB}{col_name}: {PY_TYPES.get(col["type"], "str")},""")
            if col["type"] in ("date", "datetime"):
                import_strings.append("from datetime import datetime")
            if col["type"] in ENTITY_LINK_TYPES and col["entity_link"] is not None:
                entity_classname = entity_schemas_wh_name_to_classname.get(col["entity_link"])
                if entity_classname is not None:
                    if not col["is_multi"]:
                        relationship_strings.append(
                            f"""{TAB}{col_name}_entity = single_relationship("{entity_classname}", {col_name})""")
                        import_strings.append("from liminal.orm.relationship import single_relationship")
                    else:
                        relationship_strings.append(
                            f"""{TAB}{col_name}_entities = multi_relationship("{entity_classname}", {col_name})""")
                        import_strings.append("from liminal.orm.relationship import multi_relationship")
        for col_name, col in field_properties_dict.items():
            if not col["required"]:
                init_strings.append(f"""{TAB}{col_name}: {PY_TYPES.get(col["type"], "str")} | None = None,""")
        init_strings.append("):")
        for col_name in field_properties_dict.keys():
            init_strings.append(f"{TAB}self.{col_name} = {col_name}")
        if len(dropdowns) > 0:
            import_strings.append(f"from ..dropdowns import {', '.join(dropdowns)}")
        for col_name, col in field_properties_dict.items():
            if col["dropdown_link"]:
                init_strings.append(TAB + to_pascal_case(col["dropdown_link"]) + f".validate({col_name})")
        import_string = "\n".join(sorted(set(import_strings)))
        columns_string = "\n".join(column_strings)
        relationship_string = "\n".join(relationship_strings)
        init_string = f"\n{TAB}".join(init_strings) if len(field_properties_dict) > 0 else ""
        schema_properties = f"ResultsSchemaProperties(name={r['name']!r}, warehouse_name={r['warehouse_name']!r})"
        schema_content = f"""{import_string}


class {schema_name}(BaseResultsModel):
    __schema_properties__ = {schema_properties}

{columns_string}

{relationship_string}

{init_string}
"""
        out["results_schemas/" + file_name] = schema_content
    if results:
        out["results_schemas/__init__.py"] = "\n".join(init_file_imports)
    return out


def load(folder, order):
    def read(sub):
        d = os.path.join(folder, sub)
        if not os.path.isdir(d):
            return []
        out = []
        for name in sorted(os.listdir(d)):
            if name.endswith(".json"):
                with open(os.path.join(d, name), encoding="utf-8") as f:
                    out.append(json.load(f))
        return out
    dropdowns = read("dropdowns")
    schemas = read("entity_schemas")
    if order:
        schemas.sort(key=lambda s: order.index(s["warehouse_name"]))
    return dropdowns, schemas


def derive(folder, order=None):
    dropdowns, schemas = load(folder, order)
    out = dropdown_files(dropdowns)
    out.update(schema_files(schemas))
    return out


def derive_results(folder, results_folder):
    """The results_schemas/ files of @results_folder's result schemas (file-
    name order), with @folder's model (its entity classes)."""
    _dropdowns, schemas = load(folder, None)
    d = os.path.join(results_folder, "results_schemas")
    results = []
    for name in sorted(os.listdir(d)):
        if name.endswith(".json"):
            with open(os.path.join(d, name), encoding="utf-8") as f:
                results.append(json.load(f))
    return results_files(results, schemas)


def golden(folder):
    out = {}
    for root, _, names in os.walk(folder):
        for name in names:
            if name.endswith(".py"):
                path = os.path.join(root, name)
                with open(path, encoding="utf-8") as f:
                    out[os.path.relpath(path, folder)] = f.read()
    return out


def check():
    pairs = [(os.path.join(HERE, "data", "model-files", "tenant"),
              os.path.join(HERE, "data", "python-model-golden", "tenant"))]
    n = 0
    failed = False
    for src, gold in pairs:
        want = derive(src)
        have = golden(gold)
        for name in sorted(set(want) | set(have)):
            n += 1
            ok = want.get(name) == have.get(name)
            failed |= not ok
            print(f"{'ok' if ok else 'not ok'} {n} - {os.path.basename(gold)}/{name}")
    # The result schema golden (hand-written) is what the transcription of
    # generate_all_results_schema_files derives too.
    want = derive_results(os.path.join(HERE, "data", "model-files", "tenant"),
                          os.path.join(HERE, "data", "results-model"))
    have = golden(os.path.join(HERE, "data", "python-model-golden", "results"))
    for name in sorted(set(want) | set(have)):
        n += 1
        ok = want.get(name) == have.get(name)
        failed |= not ok
        print(f"{'ok' if ok else 'not ok'} {n} - results/{name}")
    # Every golden is Python that parses (Liminal's own text would not
    # always be: see lim-model-python-write.h).
    root = os.path.join(HERE, "data", "python-model-golden")
    for folder in sorted(os.listdir(root)):
        if not os.path.isdir(os.path.join(root, folder)):
            continue
        for name, text in sorted(golden(os.path.join(root, folder)).items()):
            n += 1
            try:
                compile(text, f"{folder}/{name}", "exec")
                print(f"ok {n} - {folder}/{name} parses")
            except SyntaxError as e:
                failed = True
                print(f"not ok {n} - {folder}/{name} parses: {e}")
    print(f"1..{n}")
    return 1 if failed or n == 0 else 0


def main(argv):
    if argv[1:] == ["--check"]:
        return check()
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    files = derive(argv[1], argv[3:] or None)
    for name, text in files.items():
        path = os.path.join(argv[2], name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
