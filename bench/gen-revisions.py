#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Generate a large, valid Liminal revision timeline for benchmarks.

Usage: gen-revisions.py [--seed=N] OUTDIR N

Writes N revision files to OUTDIR (created if missing): the first is the init
revision ("Initial init revision", down_revision None, empty lists), the rest
form one linear chain.  Every later file holds 5-40 operations of all 18
kinds and is about 2-10 KB.  The output is deterministic for a given seed
(default 20260115) and N, and uses Liminal 4.6.2's canonical revision-file
layout (see tests/data/golden/README.md), including our two deliberate
deviations: set elements sorted by their written text, and top-level string
arguments written with Python repr() rather than bare single quotes.

The operations are generated against a simulated tenant that starts empty, so
the history is meaningful: operations refer to dropdowns, options, schemas
and fields that exist in the state they are applied to, warehouse names are
to_snake_case(display name), each revision's downgrade() is the reversed list
of the reverse operations (as Liminal's autogenerate writes it), and within a
revision the operations are stably sorted by Liminal's per-class order.
Units used: gram, kilogram, milliliter, liter, degree Celsius, minute,
second, percent (all must exist in a sandbox unit dictionary to apply them).

Standard library only.
"""

import os
import random
import re
import sys
from datetime import datetime, timedelta

# ---------------------------------------------------------------------------
# Canonical serialisation


class Enum:
    def __init__(self, cls, member):
        self.cls, self.member = cls, member

    def render(self):
        return f"b.{self.cls}.{self.member}"


class PySet:
    def __init__(self, items):
        self.items = list(items)

    def render(self):
        if not self.items:
            return "set()"
        return "{" + ", ".join(sorted(render(i) for i in self.items)) + "}"


class Call:
    """A call with positional args then keyword args, written as given."""

    def __init__(self, callee, /, *args, **kwargs):
        self.name, self.args, self.kwargs = callee, args, kwargs

    def render(self):
        parts = [render(a) for a in self.args]
        parts += [f"{k}={render(v)}" for k, v in self.kwargs.items()]
        return f"b.{self.name}({', '.join(parts)})"


FIELD_KEYS = ["name", "warehouse_name", "type", "required", "is_multi", "parent_link",
              "dropdown_link", "entity_link", "tooltip", "decimal_places", "unit_name"]
SCHEMA_KEYS = ["name", "warehouse_name", "prefix", "entity_type", "naming_strategies",
               "mixture_schema_config", "use_registry_id_as_label", "include_registry_id_in_chips",
               "constraint_fields", "show_bases_in_expanded_view"]


def field_props(**kw):
    """BaseFieldProperties: every key given is 'set' and written (None too), model order."""
    unknown = set(kw) - set(FIELD_KEYS)
    assert not unknown, unknown
    return Call("BaseFieldProperties", **{k: kw[k] for k in FIELD_KEYS if k in kw})


def schema_props(**kw):
    """BaseSchemaProperties: set keys whose value is not None, model order."""
    unknown = set(kw) - set(SCHEMA_KEYS)
    assert not unknown, unknown
    return Call("BaseSchemaProperties", **{k: kw[k] for k in SCHEMA_KEYS if k in kw and kw[k] is not None})


def mixture_config(allow, storage, text):
    """Liminal dumps MixtureSchemaConfig with exclude_defaults: False/None defaults vanish."""
    d = {}
    if allow:
        d["allowMeasuredIngredients"] = True
    if storage is not None:
        d["componentLotStorageEnabled"] = storage
    if text is not None:
        d["componentLotTextEnabled"] = text
    return d


def render(v):
    if hasattr(v, "render"):
        return v.render()
    if v is None or isinstance(v, (bool, int)):
        return repr(v)
    if isinstance(v, str):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(render(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{render(k)}: {render(x)}" for k, x in v.items()) + "}"
    raise TypeError(type(v))


ORDER = {
    "CreateDropdown": 10, "UpdateDropdownName": 20, "UnarchiveDropdown": 30, "CreateDropdownOption": 40,
    "UpdateDropdownOption": 50, "ArchiveDropdownOption": 60, "ReorderDropdownOptions": 70,
    "CreateEntitySchema": 80, "UnarchiveEntitySchema": 90, "CreateEntitySchemaField": 100,
    "UpdateEntitySchemaNameTemplate": 110, "UpdateEntitySchema": 120, "UnarchiveEntitySchemaField": 130,
    "UpdateEntitySchemaField": 140, "ArchiveEntitySchemaField": 150, "ReorderEntitySchemaFields": 160,
    "ArchiveEntitySchema": 170, "ArchiveDropdown": 180,
}


def to_snake_case(text):
    words = [w for w in re.split(r"[ /_\-]", text) if w]
    return "_".join(re.sub(r"[^a-zA-Z0-9]", "", w).lower() for w in words)


def revision_text(rev_id, down_id, description, date, pairs):
    pairs = sorted(pairs, key=lambda p: ORDER[p[0].name])  # stable, like Liminal
    up = ",\n        ".join(p[0].render() for p in pairs)
    down = ",\n        ".join(p[1].render() for p in reversed(pairs))
    down_line = f'"{down_id}"' if down_id else "None"
    return (f"\n'''\n{description}\n\nRevision ID: {rev_id}\nRevises: {down_id}\nCreate Date: {date}\n'''\n\n"
            f"import liminal.external as b\n\n# revision identifiers, used by Liminal.\n"
            f"revision = \"{rev_id}\"\ndown_revision = {down_line}\n\n\n"
            f"# ### commands auto generated by Liminal - please review (and adjust if needed)! ###\n"
            f"def upgrade() -> list[b.BaseOperation]:\n    return [{up}]\n\n"
            f"# ### commands auto generated by Liminal - please review (and adjust if needed)! ###\n"
            f"def downgrade() -> list[b.BaseOperation]:\n    return [{down}]\n")


# ---------------------------------------------------------------------------
# Vocabulary

SCHEMA_HEADS = ["Dough", "Sauce", "Topping", "Oven", "Yeast", "Flour", "Cheese", "Starter", "Proof", "Crust",
                "Tomato", "Basil", "Olive Oil", "Mozzarella", "Culture", "Ferment", "Pepperoni", "Semolina",
                "Garlic", "Oregano", "Malt", "Levain", "Brine", "Pesto"]
SCHEMA_TAILS = ["Batch", "Lot", "Sample", "Recipe", "Run", "Trial", "Panel", "Kit", "Log", "Blend", "Shipment",
                "Tasting", "Audit", "Prep"]
SEQ_HEADS = ["Yeast Strain", "Lactobacillus", "Amylase", "Protease", "Starter", "Lipase", "Glucanase"]
SEQ_TAILS = {"dna_sequence": ["Plasmid", "Construct", "Locus"], "rna_sequence": ["Transcript", "mRNA"],
             "dna_oligo": ["Primer", "Probe"], "rna_oligo": ["Guide RNA", "siRNA"], "aa_sequence": ["Variant", "Protein"],
             "mixture": ["Mix", "Premix"], "entry": ["Notebook", "Protocol"], "molecule": ["Aroma Compound"]}
FIELD_WORDS = ["Batch Code", "Weight", "Volume", "Temperature", "Hydration", "Salt Content", "Proof Time",
               "Bake Time", "Supplier", "Lot Number", "Expiry Date", "Received At", "Notes", "Operator", "pH",
               "Moisture", "Fat Content", "Viscosity", "Rating", "Approved", "Storage Location", "Fermentation Hours",
               "Protein Content", "Ash Content", "Falling Number", "Color Score", "Crumb Score", "Rise Height",
               "Water Activity", "Sugar Content", "Origin", "Harvest Date", "Packed At", "Label Photo", "Certificate",
               "Spec Sheet", "Sample Count", "Tester", "Comment", "Shelf", "Tray", "Cycle Count", "Peak Temperature"]
DROPDOWN_NAMES = ["Flour Grade", "Yeast Form", "Storage Condition", "QC Status", "Supplier Region", "Tomato Variety",
                  "Herb", "Packaging", "Shift", "Customer Segment", "Crust Style", "Cheese Type", "Oven Type",
                  "Sauce Base", "Mixer Speed", "Proofing Method", "Salt Type", "Oil Type"]
OPTION_WORDS = ["Tipo 00", "Tipo 0", "Semola", "Whole Wheat", "Fresh", "Dry Active", "Instant", "Ambient", "Chilled",
                "Frozen", "Pending", "Approved", "Rejected", "On Hold", "Campania", "Lazio", "Sicily", "Apulia",
                "San Marzano", "Roma", "Cherry", "Basil", "Oregano", "Thyme", "Box", "Tray", "Bulk", "Morning",
                "Evening", "Night", "Retail", "Wholesale", "Low", "Medium", "High", "Cold Retard", "Bulk Ferment",
                "Sea Salt", "Rock Salt", "Extra Virgin", "Pomace", "Chef's Choice", "Grandma's", "Wood/Gas", "µ-dosed"]
TOOLTIPS = ["Measured at the start of the shift", "Chef's estimate, 1 = poor, 5 = excellent",
            "Use the calibrated scale in bay 2", "Recorded by the QC team", "Temperature in °C at the core",
            'Leave empty if "n/a"', "Copied from the supplier's certificate", "Path like \\\\lab-nas\\qc"]
UNITS_FOR = {"integer": ["minute", "second", "gram", "degree Celsius"],
             "float": ["gram", "kilogram", "milliliter", "liter", "degree Celsius", "percent", "minute"]}


class Tenant:
    """Simulated remote state, just enough to keep the operations meaningful."""

    def __init__(self, rng):
        self.rng = rng
        self.dropdowns = []   # dicts: name, options [[name, archived]], archived
        self.schemas = []     # dicts: name, wh, prefix, type, archived, fields, parts, constraint, naming, flags
        self.used_schema_names = set()
        self.used_prefixes = set()
        self.used_dropdown_names = set()

    # -- helpers
    def active_dropdowns(self):
        return [d for d in self.dropdowns if not d["archived"]]

    def active_schemas(self):
        return [s for s in self.schemas if not s["archived"]]

    def used_dropdown_names_in_fields(self):
        return {f["dropdown"] for s in self.schemas for f in s["fields"] if f["dropdown"]}

    def linked_schema_names(self):
        return {f["link"] for s in self.schemas for f in s["fields"] if f["link"]}

    def new_name(self, pool, used, suffixes=None):
        for _ in range(200):
            name = self.rng.choice(pool)
            if suffixes:
                name = f"{name} {self.rng.choice(suffixes)}"
            if name not in used:
                used.add(name)
                return name
        n = 2
        base = self.rng.choice(pool)
        while f"{base} {n}" in used:
            n += 1
        used.add(f"{base} {n}")
        return f"{base} {n}"

    def new_prefix(self, name):
        letters = "".join(w[0] for w in re.findall(r"[A-Za-z]+", name)).upper()[:3] or "X"
        for attempt in range(2000):
            extra = self.rng.randint(0, 2) if attempt < 200 else self.rng.randint(3, 6)
            p = letters + "".join(self.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(extra))
            if p not in self.used_prefixes:
                self.used_prefixes.add(p)
                return p
        raise RuntimeError("prefixes exhausted")


class RevisionBuilder:
    def __init__(self, tenant, rng):
        self.t, self.rng = tenant, rng
        self.pairs = []
        self.body_bytes = 0    # rendered size of the operations added so far
        self.touched = set()   # ("dd", name) / ("schema", wh) / ("field", wh, fwh)
        self.summary = []

    def add(self, op, rev, summary=None):
        self.pairs.append((op, rev))
        self.body_bytes += len(op.render().encode()) + len(rev.render().encode()) + 2 * len(",\n        ")
        if summary:
            self.summary.append(summary)

    # -- field generation
    def random_field(self, schema, used_names):
        rng, t = self.rng, self.t
        etype = schema["type"]
        types = ["text", "long_text", "integer", "float", "date", "datetime", "boolean", "dropdown", "blob_link",
                 "entry_link", "storage_link", "entity_link", "custom_entity_link", "aa_sequence_link",
                 "dna_sequence_link", "mixture_link"]
        if etype == "dna_sequence":
            types += ["part_link", "translation_link", "transcription_link"]
        elif etype == "rna_sequence":
            types += ["part_link", "translation_link"]
        weights = [8 if x in ("text", "integer", "float", "dropdown", "date") else 2 for x in types]
        ftype = rng.choices(types, weights)[0]
        name = self.t.new_name(FIELD_WORDS, used_names)
        f = {"wh": to_snake_case(name), "name": name, "type": ftype, "required": rng.random() < 0.25,
             "is_multi": False, "parent_link": False, "dropdown": None, "link": None, "tooltip": None,
             "dp": None, "unit": None, "archived": False}
        if ftype == "dropdown":
            candidates = [d for d in t.active_dropdowns() if ("dd", d["name"]) not in self.touched]
            if not candidates:
                f["type"] = ftype = "text"
            else:
                d = rng.choice(candidates)
                f["dropdown"] = d["name"]
                self.touched.add(("dd-ref", d["name"]))
        if ftype == "entity_link":
            candidates = [s for s in t.active_schemas() if s["type"] == "custom_entity"
                          and ("schema", s["wh"]) not in self.touched and s is not schema]
            if candidates:
                target = rng.choice(candidates)
                f["link"] = target["wh"]
                self.touched.add(("schema-ref", target["wh"]))
                f["parent_link"] = rng.random() < 0.2
        if ftype not in ("text", "long_text", "integer", "float", "date", "datetime") and rng.random() < 0.3:
            f["is_multi"] = True
        if ftype == "float":
            f["dp"] = rng.randint(0, 4)
        if ftype in UNITS_FOR and rng.random() < 0.4:
            f["unit"] = rng.choice(UNITS_FOR[ftype])
        if rng.random() < 0.25:
            f["tooltip"] = rng.choice(TOOLTIPS)
        return f

    @staticmethod
    def full_props(f):
        return field_props(name=f["name"], warehouse_name=f["wh"], type=Enum("BenchlingFieldType", FT_MEMBER[f["type"]]),
                           required=f["required"], is_multi=f["is_multi"], parent_link=f["parent_link"],
                           dropdown_link=f["dropdown"], entity_link=f["link"], tooltip=f["tooltip"],
                           decimal_places=f["dp"], unit_name=f["unit"])

    # -- generators; each returns True if it added something
    def g_create_dropdown(self):
        t = self.t
        name = t.new_name(DROPDOWN_NAMES, t.used_dropdown_names)
        options = self.rng.sample(OPTION_WORDS, self.rng.randint(3, 8))
        # "ever": option names this dropdown has ever had.  Liminal refuses to rename an option to a name
        # that exists even archived, so names are never reused (downgrades must stay possible).
        t.dropdowns.append({"name": name, "options": [[o, False] for o in options], "archived": False,
                            "ever": set(options)})
        self.touched.add(("dd", name))
        self.add(Call("CreateDropdown", name, options), Call("ArchiveDropdown", name), f"add {name.lower()} dropdown")
        return True

    def _pick_dropdown(self, archived=False, unused=False):
        in_use = self.t.used_dropdown_names_in_fields() if unused else set()
        c = [d for d in self.t.dropdowns if d["archived"] == archived and ("dd", d["name"]) not in self.touched
             and ("dd-ref", d["name"]) not in self.touched and d["name"] not in in_use]
        if not c:
            return None
        d = self.rng.choice(c)
        self.touched.add(("dd", d["name"]))
        return d

    def g_dropdown_option(self):
        d = self._pick_dropdown()
        if d is None:
            return False
        active = [o for o in d["options"] if not o[1]]
        kind = self.rng.choice(["create", "archive", "rename", "reorder"])
        if kind == "archive" and len(active) > 2:
            o = self.rng.choice(active)
            idx = active.index(o)
            o[1] = True
            self.add(Call("ArchiveDropdownOption", d["name"], o[0], idx), Call("CreateDropdownOption", d["name"], o[0], idx),
                     f"archive {o[0]} option")
        elif kind == "rename" and active:
            o = self.rng.choice(active)
            new = f"{o[0]} (new)"
            if o[0].endswith(" (new)") or new in d["ever"]:
                return False
            old, o[0] = o[0], new
            d["ever"].add(new)
            self.add(Call("UpdateDropdownOption", d["name"], old, new), Call("UpdateDropdownOption", d["name"], new, old),
                     f"rename {old} option")
        elif kind == "reorder" and len(active) > 1:
            old = [o[0] for o in active]
            new = old[:]
            while new == old:
                self.rng.shuffle(new)
            named = [next(o for o in d["options"] if o[0] == n) for n in new]
            d["options"] = named + [o for o in d["options"] if o not in named]
            self.add(Call("ReorderDropdownOptions", d["name"], new), Call("ReorderDropdownOptions", d["name"], old),
                     f"reorder {d['name'].lower()} options")
        else:
            choices = [w for w in OPTION_WORDS if w not in d["ever"]]
            if not choices:
                return False
            w = self.rng.choice(choices)
            d["ever"].add(w)
            idx = self.rng.randint(0, len(active))
            opts = active + [o for o in d["options"] if o[1]]
            opts.insert(idx, [w, False])
            d["options"] = opts
            self.add(Call("CreateDropdownOption", d["name"], w, idx), Call("ArchiveDropdownOption", d["name"], w, idx),
                     f"add {w} option")
        return True

    def g_dropdown_lifecycle(self):
        kind = self.rng.choice(["rename", "archive", "unarchive"])
        if kind == "unarchive":
            d = self._pick_dropdown(archived=True)
            if d is None:
                return False
            d["archived"] = False
            self.add(Call("UnarchiveDropdown", d["name"]), Call("ArchiveDropdown", d["name"]), f"restore {d['name'].lower()}")
        elif kind == "archive":
            d = self._pick_dropdown(unused=True)
            if d is None:
                return False
            d["archived"] = True
            self.add(Call("ArchiveDropdown", d["name"]), Call("UnarchiveDropdown", d["name"]), f"retire {d['name'].lower()}")
        else:
            d = self._pick_dropdown()
            if d is None:
                return False
            new = self.t.new_name(DROPDOWN_NAMES, self.t.used_dropdown_names, ["v2", "Legacy", "Lab", "Kitchen"])
            old = d["name"]
            for s in self.t.schemas:
                for f in s["fields"]:
                    if f["dropdown"] == old:
                        f["dropdown"] = new
            d["name"] = new
            self.touched.add(("dd", new))
            self.add(Call("UpdateDropdownName", old, new), Call("UpdateDropdownName", new, old), f"rename {old.lower()} dropdown")
        return True

    def g_create_schema(self):
        t, rng = self.t, self.rng
        etype = rng.choices(["custom_entity", "dna_sequence", "rna_sequence", "dna_oligo", "rna_oligo", "aa_sequence",
                             "mixture", "entry", "molecule"], [10, 3, 1, 1, 1, 2, 2, 1, 1])[0]
        if etype == "custom_entity":
            name = t.new_name(SCHEMA_HEADS, t.used_schema_names, SCHEMA_TAILS)
        else:
            name = t.new_name(SEQ_HEADS if etype != "mixture" else SCHEMA_HEADS, t.used_schema_names, SEQ_TAILS[etype])
        wh = to_snake_case(name)
        s = {"name": name, "wh": wh, "prefix": t.new_prefix(name), "type": etype, "archived": False, "fields": [],
             "parts": [], "constraint": set(), "naming": {"NEW_IDS"}}
        used = s["ever"] = set()   # field display names ever used on this schema (never reused)
        nfields = 0 if etype == "molecule" else rng.randint(2, 9)
        fields = [self.random_field(s, used) for _ in range(nfields)]
        for f in fields:
            # Liminal's create path sets units in a follow-up UpdateEntitySchemaField whose reverse
            # (unit_name=None) fails validation ("unit ... CANNOT be changed"), which would make the
            # history impossible to downgrade.  Units are only added later, with new fields.
            f["unit"] = None
        naming = set(rng.sample(["NEW_IDS", "IDS_FROM_NAMES", "REPLACE_NAME_WITH_ID", "KEEP_NAMES"], rng.randint(1, 3)))
        template_naming = rng.random() < 0.3 and any(f["type"] == "text" for f in fields)
        constraint = set()
        if etype in ("dna_sequence", "rna_sequence", "dna_oligo", "rna_oligo") and rng.random() < 0.6:
            constraint = {"bases"}
        elif etype == "aa_sequence" and rng.random() < 0.6:
            constraint = {rng.choice(["amino_acids_ignore_case", "amino_acids_exact_match"])}
        mix = mixture_config(True, rng.choice([True, False]), True) if etype == "mixture" else None
        show_bases = etype.endswith(("sequence", "oligo")) and rng.random() < 0.5
        props = schema_props(name=name, warehouse_name=wh, prefix=s["prefix"], entity_type=Enum("BenchlingEntityType", etype.upper()),
                             naming_strategies=PySet(Enum("BenchlingNamingStrategy", n) for n in naming),
                             mixture_schema_config=mix, use_registry_id_as_label=False,
                             include_registry_id_in_chips=False,
                             constraint_fields=PySet(constraint), show_bases_in_expanded_view=show_bases)
        create_fields = []
        for f in fields:
            create_fields.append(field_props(name=f["name"], warehouse_name=f["wh"],
                                             type=Enum("BenchlingFieldType", "ENTITY_LINK" if f["link"] else FT_MEMBER[f["type"]]),
                                             required=f["required"], is_multi=f["is_multi"], parent_link=f["parent_link"],
                                             dropdown_link=f["dropdown"], decimal_places=f["dp"]))
        self.add(Call("CreateEntitySchema", props, create_fields), Call("ArchiveEntitySchema", wh), f"add {name.lower()} schema")
        s["fields"], s["constraint"], s["naming"] = fields, constraint, naming
        t.schemas.append(s)
        self.touched.add(("schema", wh))
        if template_naming:
            text_field = next(f for f in fields if f["type"] == "text")
            parts = [Call("TextPart", value=s["prefix"]), Call("SeparatorPart", value="-"),
                     Call("FieldPart", wh_field_name=text_field["wh"])]
            if rng.random() < 0.5:
                parts += [Call("SeparatorPart", value="-"), Call(rng.choice(["CreationYearPart", "CreationDatePart",
                                                                            "RegistryIdentifierNumberPart", "ProjectPart"]))]
            s["parts"] = parts
            self.add(Call("UpdateEntitySchemaNameTemplate", wh, Call("BaseNameTemplate", parts=parts)),
                     Call("UpdateEntitySchemaNameTemplate", wh, Call("BaseNameTemplate", parts=[])))
            full = naming | {rng.choice(["RENAME_WITH_TEMPLATE_WITH_ALIAS", "REPLACE_NAMES_WITH_TEMPLATE"])}
            s["naming"] = full
            self.add(Call("UpdateEntitySchema", wh, schema_props(naming_strategies=PySet(Enum("BenchlingNamingStrategy", n) for n in full))),
                     Call("UpdateEntitySchema", wh, schema_props(naming_strategies=PySet(Enum("BenchlingNamingStrategy", n) for n in naming))))
        for f in fields:
            new, back = {}, {}
            if f["link"]:
                new.update(type=Enum("BenchlingFieldType", "ENTITY_LINK"), entity_link=f["link"])
                back.update(type=Enum("BenchlingFieldType", "ENTITY_LINK"), entity_link=None)
            if f["tooltip"]:
                new["tooltip"], back["tooltip"] = f["tooltip"], None
            if f["unit"]:
                new["unit_name"], back["unit_name"] = f["unit"], None
            if new:
                self.add(Call("UpdateEntitySchemaField", wh, f["wh"], field_props(**new)),
                         Call("UpdateEntitySchemaField", wh, f["wh"], field_props(**back)))
        return True

    def _pick_schema(self, archived=False, need_fields=False, unlinked=False, schema_level=False):
        linked = self.t.linked_schema_names() if unlinked else set()
        c = [s for s in self.t.schemas if s["archived"] == archived and ("schema", s["wh"]) not in self.touched
             and ("schema-ref", s["wh"]) not in self.touched
             and (not schema_level or ("schema-fields", s["wh"]) not in self.touched)
             and (not need_fields or any(not f["archived"] for f in s["fields"]))
             and s["wh"] not in linked]
        return self.rng.choice(c) if c else None

    def g_field_change(self):
        s = self._pick_schema(need_fields=True)
        if s is None:
            return False
        wh = s["wh"]
        kind = self.rng.choice(["create", "create", "archive", "unarchive", "update", "update"])
        # Keep each revision's operations independent of their order: no schema-level operation on a
        # schema whose fields change, and at most one field insert/archive/unarchive per schema.
        if kind in ("create", "archive", "unarchive"):
            if ("schema-pos", wh) in self.touched:
                return False
            self.touched.add(("schema-pos", wh))
        self.touched.add(("schema-fields", wh))
        parts_fields = {p.kwargs.get("wh_field_name") for p in s["parts"]}
        active = [f for f in s["fields"] if not f["archived"] and ("field", wh, f["wh"]) not in self.touched]
        if kind == "create":
            used = s["ever"]
            f = self.random_field(s, used)
            if f["wh"] in {x["wh"] for x in s["fields"]}:
                return False
            idx = self.rng.randint(0, len([x for x in s["fields"] if not x["archived"]]))
            s["fields"].insert(min(idx, len(s["fields"])), f)
            self.touched.add(("field", wh, f["wh"]))
            self.add(Call("CreateEntitySchemaField", wh, self.full_props(f), idx),
                     Call("ArchiveEntitySchemaField", wh, f["wh"], idx), f"add {f['name'].lower()} to {s['name'].lower()}")
        elif kind == "archive":
            c = [f for f in active if f["wh"] not in parts_fields and f["wh"] not in s["constraint"]]
            if not c:
                return False
            f = self.rng.choice(c)
            f["archived"] = True
            self.touched.add(("field", wh, f["wh"]))
            # Autogenerate writes index None on both sides, and an unarchive with index None moves the
            # field to the end; the explicit position makes the downgrade restore the field order.
            pos = s["fields"].index(f)
            self.add(Call("ArchiveEntitySchemaField", wh, f["wh"], None), Call("UnarchiveEntitySchemaField", wh, f["wh"], pos),
                     f"archive {f['name'].lower()} on {s['name'].lower()}")
        elif kind == "unarchive":
            c = [f for f in s["fields"] if f["archived"] and ("field", wh, f["wh"]) not in self.touched]
            if not c:
                return False
            f = self.rng.choice(c)
            f["archived"] = False
            idx = s["fields"].index(f)   # unarchive in place, so the reverse archive restores the order
            self.touched.add(("field", wh, f["wh"]))
            self.add(Call("UnarchiveEntitySchemaField", wh, f["wh"], idx), Call("ArchiveEntitySchemaField", wh, f["wh"], idx),
                     f"restore {f['name'].lower()} on {s['name'].lower()}")
        else:
            if not active:
                return False
            f = self.rng.choice(active)
            self.touched.add(("field", wh, f["wh"]))
            choice = self.rng.choice(["required", "tooltip", "name", "dp"])
            if choice == "dp" and f["type"] == "float":
                new = (f["dp"] or 0) + 1 if (f["dp"] or 0) < 15 else 1
                self.add(Call("UpdateEntitySchemaField", wh, f["wh"], field_props(decimal_places=new)),
                         Call("UpdateEntitySchemaField", wh, f["wh"], field_props(decimal_places=f["dp"])))
                f["dp"] = new
            elif choice == "tooltip":
                new = self.rng.choice([t for t in TOOLTIPS if t != f["tooltip"]])
                self.add(Call("UpdateEntitySchemaField", wh, f["wh"], field_props(tooltip=new)),
                         Call("UpdateEntitySchemaField", wh, f["wh"], field_props(tooltip=f["tooltip"])))
                f["tooltip"] = new
            elif choice == "name" and not f["name"].endswith(" (Legacy)"):
                new = f["name"] + " (Legacy)"
                if new in s["ever"]:
                    return False
                self.add(Call("UpdateEntitySchemaField", wh, f["wh"], field_props(name=new)),
                         Call("UpdateEntitySchemaField", wh, f["wh"], field_props(name=f["name"])))
                f["name"] = new
                s["ever"].add(new)
            else:
                self.add(Call("UpdateEntitySchemaField", wh, f["wh"], field_props(required=not f["required"])),
                         Call("UpdateEntitySchemaField", wh, f["wh"], field_props(required=f["required"])))
                f["required"] = not f["required"]
            self.summary.append(f"update {f['wh']} on {s['name'].lower()}")
        return True

    def g_schema_change(self):
        kind = self.rng.choice(["props", "props", "template", "reorder", "archive", "unarchive"])
        if kind == "unarchive":
            s = self._pick_schema(archived=True, schema_level=True)
            if s is None:
                return False
            self.touched.add(("schema", s["wh"]))
            s["archived"] = False
            self.add(Call("UnarchiveEntitySchema", s["wh"]), Call("ArchiveEntitySchema", s["wh"]), f"restore {s['name'].lower()}")
            return True
        s = self._pick_schema(need_fields=kind in ("template", "reorder"), unlinked=kind == "archive", schema_level=True)
        if s is None:
            return False
        self.touched.add(("schema", s["wh"]))
        wh = s["wh"]
        if kind == "archive":
            s["archived"] = True
            self.add(Call("ArchiveEntitySchema", wh), Call("UnarchiveEntitySchema", wh), f"retire {s['name'].lower()}")
        elif kind == "reorder":
            act = [f for f in s["fields"] if not f["archived"]]
            if len(act) < 2:
                return False
            old = [f["wh"] for f in act]
            new = old[:]
            while new == old:
                self.rng.shuffle(new)
            named = [next(f for f in s["fields"] if f["wh"] == n) for n in new]
            s["fields"] = named + [f for f in s["fields"] if f not in named]
            self.add(Call("ReorderEntitySchemaFields", wh, new), Call("ReorderEntitySchemaFields", wh, old),
                     f"reorder {s['name'].lower()} fields")
        elif kind == "template":
            act = [f for f in s["fields"] if not f["archived"]]
            parts = [Call("TextPart", value=s["prefix"]), Call("SeparatorPart", value=self.rng.choice(["-", "_", "/"])),
                     Call("FieldPart", wh_field_name=self.rng.choice(act)["wh"]), Call("RegistryIdentifierNumberPart")]
            self.add(Call("UpdateEntitySchemaNameTemplate", wh, Call("BaseNameTemplate", parts=parts)),
                     Call("UpdateEntitySchemaNameTemplate", wh, Call("BaseNameTemplate", parts=s["parts"])),
                     f"name {s['name'].lower()} from template")
            s["parts"] = parts
        else:
            flag = self.rng.choice(["use_registry_id_as_label", "include_registry_id_in_chips", "name"])
            if flag == "name":
                new = self.t.new_name([s["name"]], self.t.used_schema_names, ["v2", "(Lab)", "Archive", "QC"])
                self.add(Call("UpdateEntitySchema", wh, schema_props(name=new)),
                         Call("UpdateEntitySchema", wh, schema_props(name=s["name"])), f"rename {s['name'].lower()}")
                s["name"] = new
            else:
                cur = s.get(flag, False)
                self.add(Call("UpdateEntitySchema", wh, schema_props(**{flag: not cur})),
                         Call("UpdateEntitySchema", wh, schema_props(**{flag: cur})), f"chip settings of {s['name'].lower()}")
                s[flag] = not cur
        return True


FT_MEMBER = {"aa_sequence_link": "AA_SEQUENCE_LINK", "blob_link": "BLOB_LINK", "custom_entity_link": "CUSTOM_ENTITY_LINK",
             "date": "DATE", "datetime": "DATETIME", "dna_sequence_link": "DNA_SEQUENCE_LINK", "part_link": "PART_LINK",
             "translation_link": "TRANSLATION_LINK", "transcription_link": "TRANSCRIPTION_LINK", "dropdown": "DROPDOWN",
             "entity_link": "ENTITY_LINK", "entry_link": "ENTRY_LINK", "float": "DECIMAL", "integer": "INTEGER",
             "long_text": "LONG_TEXT", "mixture_link": "MIXTURE_LINK", "storage_link": "STORAGE_LINK", "text": "TEXT",
             "json": "JSON", "boolean": "BOOLEAN"}

MIN_BYTES, MAX_BYTES = 2048, 10240


def build_revision(tenant, rng, rev_id, down_id, date):
    rb = RevisionBuilder(tenant, rng)
    target = rng.randint(5, 40)
    # Tenants stop growing new objects at some point; keep long histories realistic (and fast).
    new_dropdown_weight = 2 if len(tenant.dropdowns) < 80 else 0.2
    new_schema_weight = 3 if len(tenant.schemas) < 150 else 0.3
    gens = [(rb.g_create_dropdown, new_dropdown_weight), (rb.g_dropdown_option, 6), (rb.g_dropdown_lifecycle, 2),
            (rb.g_create_schema, new_schema_weight), (rb.g_field_change, 10), (rb.g_schema_change, 4)]
    if len(tenant.dropdowns) < 3:
        rb.g_create_dropdown()
    if len(tenant.active_schemas()) < 2:
        rb.g_create_schema()
    overhead = len(revision_text(rev_id, down_id, "x" * 60, date, []).encode())
    stalls = 0
    while stalls < 200:
        size = overhead + rb.body_bytes
        if len(rb.pairs) >= 40 or (len(rb.pairs) >= target and size >= MIN_BYTES + 100) or size > MAX_BYTES - 1500:
            break
        gen = rng.choices([g for g, _ in gens], [w for _, w in gens])[0]
        if gen == rb.g_create_schema and (size > MAX_BYTES - 4000 or len(rb.pairs) > 32):
            continue
        snapshot = len(rb.pairs)
        if not gen() or len(rb.pairs) == snapshot:
            stalls += 1
    return rb


def describe(rb):
    items = list(dict.fromkeys(rb.summary))
    if not items:
        return "tune lab schemas"
    text = items[0]
    if len(items) > 1:
        text += f" and {len(items) - 1} more change" + ("s" if len(items) > 2 else "")
    return text


def main(argv):
    seed = 20260115
    args = []
    for a in argv:
        if a.startswith("--seed="):
            seed = int(a.split("=", 1)[1])
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            args.append(a)
    if len(args) != 2 or not args[1].isdigit() or int(args[1]) < 1:
        print("usage: gen-revisions.py [--seed=N] OUTDIR N", file=sys.stderr)
        return 2
    outdir, n = args[0], int(args[1])
    os.makedirs(outdir, exist_ok=True)
    rng = random.Random(seed)
    tenant = Tenant(rng)
    ids = set()

    def new_id():
        while True:
            i = f"{rng.getrandbits(48):012x}"
            if i not in ids:
                ids.add(i)
                return i

    date = datetime(2026, 1, 5, 9, 0, 0)
    down = None
    for k in range(n):
        rev_id = new_id()
        stamp = date.strftime("%Y-%m-%d %H:%M:%S")
        if k == 0:
            desc, pairs = "Initial init revision", []
        else:
            rb = build_revision(tenant, rng, rev_id, down, stamp)
            desc, pairs = describe(rb), rb.pairs
        text = revision_text(rev_id, down, desc, stamp, pairs)
        with open(os.path.join(outdir, f"{rev_id}_{to_snake_case(desc)}.py"), "w", encoding="utf-8") as f:
            f.write(text)
        down = rev_id
        date += timedelta(hours=rng.randint(2, 72), minutes=rng.randint(0, 59), seconds=rng.randint(0, 59))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
