#!/usr/bin/env python3
"""Independent cross-check of the model-files golden (tests/data/model-files/tenant/).

The golden files are written by the code under test (lim-model-files.c via
tests/test-model-files.c).  This script derives what they must contain from
the tenant fixture (tests/data/tenant/*.json, Benchling internal-API JSON)
using only the specification, never the C code:

  docs/liminal-behaviour.md
    §6.1-6.2  enum values; field type <- (fieldType, requiredLink.folderItemType),
              entity type <- (folderItemType, sequenceType)
    §6.5      name-template parts: fieldId resolved against the active fields
              by apiId, text -> value
    §6.7      conversion of an internal tag schema (schema keys, constraint
              pseudo-fields, fields, dropdown_link by selector id, unit_name by
              unit id)
    §6.10     units: unitTypes[].units[] flattened to {name, id}
    §7.4      selectors: selectorsByRegistryId[R]
    §8.2      generate-files writes only active dropdowns, options, schemas
              and fields
    §3, §5.2, §5.4, §11.4  liminal_remote is never part of the model
    §2.1      to_snake_case
  README.md "The model" + data/schemas/*.json: file names
    (dropdowns/<snake_case(name)>.json, entity_schemas/<warehouse_name>.json),
    every key written, sets written sorted ("where Liminal's output follows
    Python's set order we sort"; "Only schemas of the tenant's registry are
    compared").

Output is TAP: one test per expected file, one for "no unexpected files",
and one JSON-Schema validation per file.  Exit status 1 on any difference.
"""

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TENANT = os.path.join(HERE, 'data', 'tenant')
GOLDEN = os.path.join(HERE, 'data', 'model-files', 'tenant')
SCHEMAS = os.path.join(HERE, '..', 'data', 'schemas')

# §6.2 field type <-> (internal fieldType, requiredLink.folderItemType)
FIELD_TYPES = {
    ('ft_blob_link', None): 'blob_link',
    ('ft_date', None): 'date',
    ('ft_datetime', None): 'datetime',
    ('ft_entry_link', None): 'entry_link',
    ('ft_file_link', 'protein'): 'aa_sequence_link',
    ('ft_file_link', 'mixture'): 'mixture_link',
    ('ft_file_link', 'basic_folder_item'): 'custom_entity_link',
    ('ft_file_link', 'sequence'): 'dna_sequence_link',
    ('ft_file_link', None): 'entity_link',
    ('ft_part_link', None): 'part_link',
    ('ft_translation_link', None): 'translation_link',
    ('ft_transcription_link', None): 'transcription_link',
    ('ft_float', None): 'float',
    ('ft_integer', None): 'integer',
    ('ft_long_text', None): 'long_text',
    ('ft_selector', None): 'dropdown',
    ('ft_storable_link', None): 'storage_link',
    ('ft_string', None): 'text',
    ('ft_json', None): 'json',
    ('ft_boolean', None): 'boolean',
}

# §6.2 entity type <-> (folderItemType, sequenceType)
ENTITY_TYPES = {
    ('basic_folder_item', None): 'custom_entity',
    ('entry', None): 'entry',
    ('mixture', None): 'mixture',
    ('molecule', None): 'molecule',
    ('protein', None): 'aa_sequence',
    ('sequence', 'DNA_SEQUENCE'): 'dna_sequence',
    ('sequence', 'RNA_SEQUENCE'): 'rna_sequence',
    ('sequence', 'OLIGO'): 'dna_oligo',
    ('sequence', 'RNA_OLIGO'): 'rna_oligo',
}
NT_SEQUENCES = {'dna_sequence', 'rna_sequence', 'dna_oligo', 'rna_oligo'}

# §6.5 parts that carry a field / a text value
FIELD_PARTS = {'FIELD', 'CHILD_ENTITY_LOT_NUMBER', 'LINKED_BIOENTITY_REGISTRY_IDENTIFIER'}
TEXT_PARTS = {'SEPARATOR', 'TEXT'}
PLAIN_PARTS = {'CREATED_AT_YEAR', 'CREATED_AT_DATE', 'REGISTRY_IDENTIFIER_NUMBER',
               'PROJECT', 'COMPLEX_POLYMER_COMPONENT'}


def to_snake_case(s):
    """§2.1: split on space, '/', '_', '-'; drop empty pieces; strip
    non-alphanumerics from each piece (a piece emptied by that still counts);
    lower-case; join with '_'."""
    pieces = [p for p in re.split(r'[ /_-]', s) if p != '']
    return '_'.join(re.sub(r'[^A-Za-z0-9]', '', p).lower() for p in pieces)


def load(name):
    with open(os.path.join(TENANT, name), encoding='utf-8') as f:
        return json.load(f)


def active(obj):
    return obj.get('archiveRecord') is None


def flag(v):
    # README: remote booleans that come back null count as false.
    return bool(v)


def expected_files():
    registries = load('registries.json')['registries']
    # §7.3: Liminal asserts exactly one registry.
    assert len(registries) == 1, 'fixture must have exactly one registry'
    registry = registries[0]['id']

    selectors = load('selectors.json')['selectorsByRegistryId'].get(registry, [])
    units = {}
    for ut in load('unit-types.json')['unitTypes']:        # §6.10
        for u in ut['units']:
            units[u['id']] = u['name']
    schemas = load('tag-schemas.json')['data']

    out = {}

    # Dropdowns: active ones only, their active options in order (§8.2, §7.4).
    dropdown_names = {}
    for sel in selectors:
        dropdown_names[sel['id']] = sel['name']
        if not active(sel):
            continue
        out['dropdowns/%s.json' % to_snake_case(sel['name'])] = {
            'name': sel['name'],
            'options': [o['name'] for o in sel['allSchemaFieldSelectorOptions'] if active(o)],
            'archived': False,
        }

    for ts in schemas:
        if ts['registryId'] != registry:       # README: only the tenant's registry
            continue
        if ts['sqlIdentifier'] == 'liminal_remote':   # §3, §5.2, §11.4
            continue
        if not active(ts):                     # §8.2: only active schemas
            continue
        entity_type = ENTITY_TYPES[(ts['folderItemType'], ts['sequenceType'])]
        active_fields = [f for f in ts['allFields'] if active(f)]
        by_api_id = {f['apiId']: f for f in active_fields}

        # §6.7 constraint fields
        constraint = set()
        c = ts.get('constraint')
        if c is not None:
            constraint |= {f['systemName'] for f in c.get('fields') or []}
            if c.get('uniqueResidues'):
                if entity_type in NT_SEQUENCES:
                    constraint.add('bases')
                elif entity_type == 'aa_sequence':
                    constraint.add('amino_acids_exact_match'
                                   if c.get('areUniqueResiduesCaseSensitive')
                                   else 'amino_acids_ignore_case')

        # §6.5 / §6.7 name template
        parts = []
        for p in ts['nameTemplateParts']:
            t = p['type']
            if t in TEXT_PARTS:
                parts.append({'type': t, 'value': p['text']})
            elif t in FIELD_PARTS:
                parts.append({'type': t, 'wh_field_name': by_api_id[p['fieldId']]['systemName']})
            elif t in PLAIN_PARTS:
                parts.append({'type': t})
            else:
                raise ValueError('Invalid name template part type %r' % t)

        fields = []
        for f in active_fields:                # §8.2: only active fields
            link = f.get('requiredLink') or {}
            tag = link.get('tagSchema') or {}
            unit_id = f.get('unitApiIdentifier')
            sel_id = f.get('schemaFieldSelectorId')
            fields.append({
                'name': f['name'],
                'warehouse_name': f['systemName'],
                'type': FIELD_TYPES[(f['fieldType'], link.get('folderItemType'))],
                'required': flag(f.get('isRequired')),
                'is_multi': flag(f.get('isMulti')),
                'parent_link': flag(f.get('isParentLink')),
                'dropdown_link': dropdown_names.get(sel_id) if sel_id else None,
                'entity_link': tag.get('sqlIdentifier'),
                'tooltip': f.get('tooltipText'),
                'decimal_places': f.get('decimalPrecision'),
                'unit_name': units.get(unit_id) if unit_id else None,
                'archived': False,
            })

        out['entity_schemas/%s.json' % ts['sqlIdentifier']] = {
            'name': ts['name'],
            'warehouse_name': ts['sqlIdentifier'],
            'prefix': ts['prefix'],
            'entity_type': entity_type,
            'naming_strategies': sorted(set(ts['labelingStrategies'])),
            'mixture_schema_config': ts.get('mixtureSchemaConfig'),
            'use_registry_id_as_label': flag(ts.get('useOrganizationCollectionAliasForDisplayLabel')),
            'include_registry_id_in_chips': flag(ts.get('includeRegistryIdInChips')),
            'constraint_fields': sorted(constraint),
            'show_bases_in_expanded_view': flag(ts.get('showResidues')),
            'name_template': {
                'parts': parts,
                'order_name_parts_by_sequence': flag(ts.get('shouldOrderNamePartsBySequence')),
            },
            'archived': False,
            'fields': fields,
        }
    return out


def first_difference(exp, got, path='$'):
    """Key by key; returns a sentence or None.  Key order is not compared
    (JSON objects), list order is (every list in the format is ordered or
    written sorted)."""
    if type(exp) is not type(got):
        return '%s: expected %s, got %s' % (path, json.dumps(exp), json.dumps(got))
    if isinstance(exp, dict):
        for k in exp:
            if k not in got:
                return '%s: missing key %r (expected %s)' % (path, k, json.dumps(exp[k]))
            d = first_difference(exp[k], got[k], '%s.%s' % (path, k))
            if d:
                return d
        for k in got:
            if k not in exp:
                return '%s: unexpected key %r = %s' % (path, k, json.dumps(got[k]))
        return None
    if isinstance(exp, list):
        for i, (e, g) in enumerate(zip(exp, got)):
            d = first_difference(e, g, '%s[%d]' % (path, i))
            if d:
                return d
        if len(exp) != len(got):
            return '%s: expected %d items, got %d' % (path, len(exp), len(got))
        return None
    if exp != got:
        return '%s: expected %s, got %s' % (path, json.dumps(exp), json.dumps(got))
    return None


def main():
    try:
        import jsonschema
    except ImportError:
        print('Bail out! python3-jsonschema is missing (tools/install-deps.sh installs it)')
        return 1

    expected = expected_files()
    present = set()
    for sub in ('dropdowns', 'entity_schemas'):
        d = os.path.join(GOLDEN, sub)
        if os.path.isdir(d):
            present |= {'%s/%s' % (sub, n) for n in os.listdir(d) if n.endswith('.json')}

    validators = {}
    for sub, name in (('dropdowns', 'liminal-dropdown.schema.json'),
                      ('entity_schemas', 'liminal-entity-schema.schema.json')):
        with open(os.path.join(SCHEMAS, name), encoding='utf-8') as f:
            validators[sub] = jsonschema.Draft202012Validator(json.load(f))

    results = []
    for name in sorted(expected):
        path = os.path.join(GOLDEN, name)
        if name not in present:
            results.append((False, name, 'file missing from the golden'))
            continue
        with open(path, encoding='utf-8') as f:
            got = json.load(f)
        diff = first_difference(expected[name], got)
        results.append((diff is None, name, diff))
    extra = sorted(present - set(expected))
    results.append((not extra, 'no unexpected files',
                    'unexpected: ' + ', '.join(extra) if extra else None))
    for name in sorted(present):
        with open(os.path.join(GOLDEN, name), encoding='utf-8') as f:
            got = json.load(f)
        errs = sorted(validators[name.split('/')[0]].iter_errors(got), key=str)
        results.append((not errs, name + ' matches its JSON Schema',
                        errs[0].message if errs else None))

    print('1..%d' % len(results))
    failed = 0
    for i, (ok, name, why) in enumerate(results, 1):
        if ok:
            print('ok %d %s' % (i, name))
        else:
            failed += 1
            print('not ok %d %s' % (i, name))
            print('# %s' % why)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
