// The SQL schema of a .canondb, version kSchemaVersion (store.h). Every
// table and column is described in docs/store.md; keep the two in step.
//
// Conventions: element tables have `id INTEGER PRIMARY KEY` equal to the
// element's index in its Universe vector (0..n-1, dense); an id column that
// holds kNone is NULL. List fields live in WITHOUT ROWID child tables keyed
// by (owner, [list,] idx) so that scanning in key order rebuilds each list
// in order. Every SourceLoc is four columns loc_file (NULL = no file),
// loc_line (0 = no location), loc_col, loc_len.
#ifndef CANON_STORE_SCHEMA_H_
#define CANON_STORE_SCHEMA_H_

namespace canon::store_internal {

#define CANON_LOC_COLUMNS                                              \
  "loc_file INTEGER REFERENCES files(id), loc_line INTEGER NOT NULL, " \
  "loc_col INTEGER NOT NULL, loc_len INTEGER NOT NULL"
#define CANON_REVEAL_COLUMNS                                                     \
  "work INTEGER NOT NULL REFERENCES works(id), position_kind INTEGER NOT NULL, " \
  "position INTEGER NOT NULL"

inline constexpr const char* kSchemaStatements[] = {
    "CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value NOT NULL) WITHOUT ROWID",
    "CREATE TABLE files(id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
    "CREATE TABLE continuities(id INTEGER PRIMARY KEY, ident TEXT NOT NULL, "
    "title TEXT NOT NULL, " CANON_LOC_COLUMNS ")",
    "CREATE TABLE eras(id INTEGER PRIMARY KEY, ident TEXT NOT NULL, "
    "continuity INTEGER REFERENCES continuities(id), epoch INTEGER NOT NULL, "
    "direction INTEGER NOT NULL, " CANON_LOC_COLUMNS ")",
    "CREATE TABLE works(id INTEGER PRIMARY KEY, ident TEXT NOT NULL, path TEXT NOT NULL, "
    "title TEXT NOT NULL, kind INTEGER NOT NULL, parent INTEGER REFERENCES works(id), "
    "sibling_index INTEGER NOT NULL, continuity INTEGER REFERENCES continuities(id), "
    "released_year INTEGER, released_month INTEGER, released_day INTEGER, "
    "released_era INTEGER REFERENCES eras(id), runtime_minutes INTEGER, "
    "slot_start INTEGER REFERENCES points(id), slot_end INTEGER REFERENCES points(id), "
    "flashback INTEGER NOT NULL, declared_child_count INTEGER NOT NULL, "
    "generated INTEGER NOT NULL, " CANON_LOC_COLUMNS ")",
    "CREATE TABLE entities(id INTEGER PRIMARY KEY, ident TEXT NOT NULL, name TEXT NOT NULL, "
    "kind INTEGER NOT NULL, continuity INTEGER REFERENCES continuities(id), " CANON_LOC_COLUMNS ")",
    "CREATE TABLE entity_introductions(entity INTEGER NOT NULL REFERENCES entities(id), "
    "idx INTEGER NOT NULL, " CANON_REVEAL_COLUMNS ", PRIMARY KEY(entity, idx)) WITHOUT ROWID",
    "CREATE TABLE predicates(id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "object_kind INTEGER NOT NULL, symmetric INTEGER NOT NULL, exclusive INTEGER NOT NULL, "
    "inverse TEXT NOT NULL, phrase TEXT NOT NULL, builtin INTEGER NOT NULL, " CANON_LOC_COLUMNS ")",
    "CREATE TABLE predicate_keywords(predicate INTEGER NOT NULL REFERENCES predicates(id), "
    "idx INTEGER NOT NULL, keyword TEXT NOT NULL, PRIMARY KEY(predicate, idx)) WITHOUT ROWID",
    "CREATE TABLE facts(id INTEGER PRIMARY KEY, label TEXT NOT NULL, "
    "subject INTEGER NOT NULL REFERENCES entities(id), "
    "predicate INTEGER NOT NULL REFERENCES predicates(id), object_kind INTEGER NOT NULL, "
    "object_entity INTEGER REFERENCES entities(id), object_text TEXT NOT NULL, "
    "object_number REAL NOT NULL, object_year INTEGER NOT NULL, "
    "object_month INTEGER NOT NULL, object_day INTEGER NOT NULL, "
    "object_era INTEGER NOT NULL REFERENCES eras(id), "
    "start_point INTEGER REFERENCES points(id), end_point INTEGER REFERENCES points(id), "
    "source TEXT NOT NULL, started_by INTEGER REFERENCES events(id), "
    "ended_by INTEGER REFERENCES events(id), "
    "continuity INTEGER REFERENCES continuities(id), " CANON_LOC_COLUMNS ")",
    "CREATE TABLE fact_reveals(fact INTEGER NOT NULL REFERENCES facts(id), "
    "overturned INTEGER NOT NULL, idx INTEGER NOT NULL, " CANON_REVEAL_COLUMNS
    ", PRIMARY KEY(fact, overturned, idx)) WITHOUT ROWID",
    "CREATE TABLE events(id INTEGER PRIMARY KEY, ident TEXT NOT NULL, title TEXT NOT NULL, "
    "kind TEXT NOT NULL, time_point INTEGER REFERENCES points(id), source TEXT NOT NULL, "
    "continuity INTEGER REFERENCES continuities(id), " CANON_LOC_COLUMNS ")",
    "CREATE TABLE event_roles(event INTEGER NOT NULL REFERENCES events(id), "
    "idx INTEGER NOT NULL, role TEXT NOT NULL, "
    "entity INTEGER NOT NULL REFERENCES entities(id), PRIMARY KEY(event, idx)) WITHOUT ROWID",
    "CREATE TABLE event_reveals(event INTEGER NOT NULL REFERENCES events(id), "
    "overturned INTEGER NOT NULL, idx INTEGER NOT NULL, " CANON_REVEAL_COLUMNS
    ", PRIMARY KEY(event, overturned, idx)) WITHOUT ROWID",
    "CREATE TABLE event_effects(event INTEGER NOT NULL REFERENCES events(id), "
    "ends INTEGER NOT NULL, idx INTEGER NOT NULL, "
    "fact INTEGER NOT NULL REFERENCES facts(id), PRIMARY KEY(event, ends, idx)) WITHOUT ROWID",
    "CREATE TABLE knowledge(id INTEGER PRIMARY KEY, who INTEGER NOT NULL REFERENCES entities(id), "
    "target_kind INTEGER NOT NULL, target INTEGER NOT NULL, "
    "from_point INTEGER REFERENCES points(id), implicit INTEGER NOT NULL, "
    "source TEXT NOT NULL, " CANON_LOC_COLUMNS ")",
    "CREATE TABLE knowledge_reveals(knowledge INTEGER NOT NULL REFERENCES knowledge(id), "
    "idx INTEGER NOT NULL, " CANON_REVEAL_COLUMNS ", PRIMARY KEY(knowledge, idx)) WITHOUT ROWID",
    "CREATE TABLE event_uses(event INTEGER NOT NULL REFERENCES events(id), "
    "idx INTEGER NOT NULL, who INTEGER NOT NULL REFERENCES entities(id), "
    "target_is_fact INTEGER NOT NULL, target INTEGER NOT NULL, " CANON_LOC_COLUMNS
    ", PRIMARY KEY(event, idx)) WITHOUT ROWID",
    "CREATE TABLE appearances(id INTEGER PRIMARY KEY, "
    "entity INTEGER NOT NULL REFERENCES entities(id), " CANON_REVEAL_COLUMNS
    ", "
    "time_point INTEGER REFERENCES points(id), " CANON_LOC_COLUMNS ")",
    // owner_kind: 0 fact, 1 event, 2 appearance.
    "CREATE TABLE lint_allows(owner_kind INTEGER NOT NULL, owner INTEGER NOT NULL, "
    "idx INTEGER NOT NULL, rule TEXT NOT NULL, reason TEXT NOT NULL, " CANON_LOC_COLUMNS
    ", PRIMARY KEY(owner_kind, owner, idx)) WITHOUT ROWID",
    "CREATE TABLE lint_settings(id INTEGER PRIMARY KEY, rule TEXT NOT NULL, "
    "severity TEXT NOT NULL, " CANON_LOC_COLUMNS ")",
    "CREATE TABLE counterparts(id INTEGER PRIMARY KEY, "
    "a INTEGER NOT NULL REFERENCES entities(id), b INTEGER NOT NULL REFERENCES entities(id))",
    "CREATE TABLE points(id INTEGER PRIMARY KEY, owner_kind INTEGER NOT NULL, "
    "owner INTEGER NOT NULL)",
    "CREATE TABLE constraints(point INTEGER NOT NULL REFERENCES points(id), "
    "idx INTEGER NOT NULL, kind INTEGER NOT NULL, anchor_kind INTEGER NOT NULL, "
    "anchor_point INTEGER REFERENCES points(id), anchor_work INTEGER REFERENCES works(id), "
    "date_year INTEGER NOT NULL, date_month INTEGER NOT NULL, date_day INTEGER NOT NULL, "
    "date_era INTEGER NOT NULL REFERENCES eras(id), amount INTEGER NOT NULL, "
    "unit INTEGER NOT NULL, implicit INTEGER NOT NULL, " CANON_LOC_COLUMNS
    ", PRIMARY KEY(point, idx)) WITHOUT ROWID",
    // The universe image (image.h): chunk 0, 1, ... concatenated; its length,
    // checksum and chunk count are in meta (image.*). Not a counted table.
    "CREATE TABLE image(chunk INTEGER PRIMARY KEY, data BLOB NOT NULL)",
};

#undef CANON_LOC_COLUMNS
#undef CANON_REVEAL_COLUMNS

// Tables whose row counts are recorded in meta as "rows.<table>" and
// checked on load (a cheap guard against truncation).
inline constexpr const char* kCountedTables[] = {
    "files",         "continuities",
    "eras",          "works",
    "entities",      "entity_introductions",
    "predicates",    "predicate_keywords",
    "facts",         "fact_reveals",
    "events",        "event_roles",
    "event_reveals", "event_effects",
    "knowledge",     "knowledge_reveals",
    "counterparts",  "points",
    "constraints",   "event_uses",
    "appearances",   "lint_allows",
    "lint_settings",
};

}  // namespace canon::store_internal

#endif  // CANON_STORE_SCHEMA_H_
