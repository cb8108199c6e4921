// SaveUniverse / LoadUniverse: the Universe <-> SQLite mapping (schema.h,
// docs/store.md). Save writes one transaction of prepared inserts into a
// fresh temp file and renames it into place; Load scans each table in key
// order straight into the model's vectors, checking every value it reads.
#include "store/store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <new>
#include <optional>
#include <unordered_map>
#include <utility>

#include "store/image.h"
#include "store/schema.h"

#ifndef CANON_VERSION_STRING
#define CANON_VERSION_STRING "unknown"
#endif

namespace canon {
namespace {

namespace fs = std::filesystem;
using store_internal::kCountedTables;
using store_internal::kSchemaStatements;

constexpr char kRebuildHint[] = "rebuild it with `canon build`";

// ---------------------------------------------------------------- sqlite RAII

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;

class Stmt {
 public:
  Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() { sqlite3_finalize(stmt_); }
  // Accessors are named like variables (Google style).
  // NOLINTBEGIN(readability-identifier-naming)
  sqlite3_stmt* get() const { return stmt_; }
  sqlite3_stmt** out() { return &stmt_; }
  // NOLINTEND(readability-identifier-naming)

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

std::string Quote(const std::string& path) { return "`" + path + "`"; }

// Maps an SQLite failure to a Status. Damage (SQLITE_CORRUPT, SQLITE_NOTADB)
// is Corruption with the rebuild hint; everything else is an I/O problem.
Status SqlError(sqlite3* db, int rc, const std::string& path, const std::string& doing) {
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  int primary = rc & 0xff;
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
    return Status::Corruption(
        Quote(path) + " is damaged or not a canon database (" + detail + " while " + doing + ")",
        kRebuildHint);
  }
  if (primary == SQLITE_FULL) {
    return Status::IoError("cannot write " + Quote(path) + ": disk full or file too large (" +
                           detail + ")");
  }
  return Status::IoError("cannot " + doing + " " + Quote(path) + ": " + detail);
}

// ---------------------------------------------------------------- writing

// Binds one row's parameters left to right. Text is bound without a copy:
// the Universe outlives the step that reads it.
class Binder {
 public:
  explicit Binder(sqlite3_stmt* stmt) : stmt_(stmt) { sqlite3_reset(stmt_); }
  Binder& Id(uint32_t v) {
    if (v == kNone) {
      sqlite3_bind_null(stmt_, ++i_);
    } else {
      sqlite3_bind_int64(stmt_, ++i_, v);
    }
    return *this;
  }
  Binder& Int(int64_t v) {
    sqlite3_bind_int64(stmt_, ++i_, v);
    return *this;
  }
  Binder& Null() {
    sqlite3_bind_null(stmt_, ++i_);
    return *this;
  }
  Binder& Real(double v) {
    sqlite3_bind_double(stmt_, ++i_, v);
    return *this;
  }
  Binder& Text(const std::string& s) {
    sqlite3_bind_text(stmt_, ++i_, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
    return *this;
  }
  Binder& Loc(const SourceLoc& l) { return Id(l.file).Int(l.line).Int(l.col).Int(l.length); }
  Binder& Date(const PartialDate& d) { return Int(d.year).Int(d.month).Int(d.day).Int(d.era); }
  Binder& Reveal(const RevealPoint& p) {
    return Id(p.work).Int(static_cast<int>(p.position_kind)).Int(p.position);
  }

 private:
  sqlite3_stmt* stmt_;
  int i_ = 0;
};

class Writer {
 public:
  Writer(sqlite3* db, const std::string& path) : db_(db), path_(path) {}

  Status Exec(const char* sql) {
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return SqlError(db_, rc, path_, "write");
    return Status::Ok();
  }

  Status Prepare(const char* sql, Stmt& stmt) {
    int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt.out(), nullptr);
    if (rc != SQLITE_OK) return SqlError(db_, rc, path_, "prepare a statement for");
    return Status::Ok();
  }

  // Runs the bound insert and counts the row for `table_index` (-1: none).
  Status Step(sqlite3_stmt* stmt, int table_index) {
    int rc = sqlite3_step(stmt);
    if (rc != SQLITE_DONE) return SqlError(db_, rc, path_, "write");
    if (table_index >= 0) ++counts_[table_index];
    return Status::Ok();
  }

  // NOLINTNEXTLINE(readability-identifier-naming): accessor, named like a variable
  int64_t count(int table_index) const { return counts_[table_index]; }

 private:
  sqlite3* db_;
  const std::string& path_;
  int64_t counts_[std::size(kCountedTables)] = {};
};

// Index of a table in kCountedTables (compile-time lookups below).
constexpr int TableIndex(std::string_view name) {
  for (size_t i = 0; i < std::size(kCountedTables); ++i) {
    if (name == kCountedTables[i]) return static_cast<int>(i);
  }
  return -1;
}

#define CANON_TABLE(name)                                          \
  ([] {                                                            \
    constexpr int kIndex = TableIndex(name);                       \
    static_assert(kIndex >= 0, "table missing in kCountedTables"); \
    return kIndex;                                                 \
  }())

// Writes the image of `u` as rows of table `image`, `chunk_bytes` at most
// each, and its length, checksum and chunk count into *meta.
Status WriteImage(const Universe& u, Writer& w, size_t chunk_bytes,
                  std::vector<std::pair<std::string, int64_t>>* meta) {
  std::string image;
  EncodeImage(u, &image);
  Stmt chunk;
  CANON_RETURN_IF_ERROR(w.Prepare("INSERT INTO image VALUES(?,?)", chunk));
  int64_t chunks = 0;
  for (size_t at = 0; at < image.size(); at += chunk_bytes, ++chunks) {
    const size_t n = std::min(chunk_bytes, image.size() - at);
    sqlite3_reset(chunk.get());
    sqlite3_bind_int64(chunk.get(), 1, chunks);
    sqlite3_bind_blob64(chunk.get(), 2, image.data() + at, n, SQLITE_STATIC);
    CANON_RETURN_IF_ERROR(w.Step(chunk.get(), -1));
  }
  meta->emplace_back("image.format", kImageFormatVersion);
  meta->emplace_back("image.bytes", static_cast<int64_t>(image.size()));
  meta->emplace_back("image.chunks", chunks);
  meta->emplace_back("image.checksum", static_cast<int64_t>(ImageChecksum(image)));
  return Status::Ok();
}

Status WriteAll(const Universe& u, sqlite3* db, const std::string& path,
                const SaveOptions& options) {
  Writer w(db, path);
  CANON_RETURN_IF_ERROR(w.Exec("BEGIN"));
  for (const char* sql : kSchemaStatements) CANON_RETURN_IF_ERROR(w.Exec(sql));

  Stmt st;
  CANON_RETURN_IF_ERROR(w.Prepare("INSERT INTO files VALUES(?,?)", st));
  for (size_t i = 0; i < u.files.size(); ++i) {
    Binder(st.get()).Int(i).Text(u.files[i]);
    CANON_RETURN_IF_ERROR(w.Step(st.get(), CANON_TABLE("files")));
  }

  Stmt cont;
  CANON_RETURN_IF_ERROR(w.Prepare("INSERT INTO continuities VALUES(?,?,?,?,?,?,?)", cont));
  for (size_t i = 0; i < u.continuities.size(); ++i) {
    const Continuity& c = u.continuities[i];
    Binder(cont.get()).Int(i).Text(c.id).Text(c.title).Loc(c.loc);
    CANON_RETURN_IF_ERROR(w.Step(cont.get(), CANON_TABLE("continuities")));
  }

  Stmt era;
  CANON_RETURN_IF_ERROR(w.Prepare("INSERT INTO eras VALUES(?,?,?,?,?,?,?,?,?)", era));
  for (size_t i = 0; i < u.eras.size(); ++i) {
    const Era& e = u.eras[i];
    Binder(era.get()).Int(i).Text(e.id).Id(e.continuity).Int(e.epoch).Int(e.direction).Loc(e.loc);
    CANON_RETURN_IF_ERROR(w.Step(era.get(), CANON_TABLE("eras")));
  }

  // Works: children order is stored as each child's sibling_index.
  std::vector<uint32_t> sibling(u.works.size(), 0);
  for (const Work& wk : u.works) {
    for (size_t j = 0; j < wk.children.size(); ++j)
      sibling[wk.children[j]] = static_cast<uint32_t>(j);
  }
  Stmt work;
  CANON_RETURN_IF_ERROR(
      w.Prepare("INSERT INTO works VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", work));
  for (size_t i = 0; i < u.works.size(); ++i) {
    const Work& wk = u.works[i];
    Binder b(work.get());
    b.Int(i)
        .Text(wk.id)
        .Text(wk.path)
        .Text(wk.title)
        .Int(static_cast<int>(wk.kind))
        .Id(wk.parent)
        .Int(sibling[i])
        .Id(wk.continuity);
    if (wk.released) {
      b.Date(*wk.released);
    } else {
      b.Null().Null().Null().Null();
    }
    if (wk.runtime_minutes) {
      b.Int(*wk.runtime_minutes);
    } else {
      b.Null();
    }
    b.Id(wk.slot_start)
        .Id(wk.slot_end)
        .Int(wk.flashback)
        .Int(wk.declared_child_count)
        .Int(wk.generated)
        .Loc(wk.loc);
    CANON_RETURN_IF_ERROR(w.Step(work.get(), CANON_TABLE("works")));
  }

  Stmt ent, intro;
  CANON_RETURN_IF_ERROR(w.Prepare("INSERT INTO entities VALUES(?,?,?,?,?,?,?,?,?)", ent));
  CANON_RETURN_IF_ERROR(w.Prepare("INSERT INTO entity_introductions VALUES(?,?,?,?,?)", intro));
  for (size_t i = 0; i < u.entities.size(); ++i) {
    const Entity& e = u.entities[i];
    Binder(ent.get())
        .Int(i)
        .Text(e.id)
        .Text(e.name)
        .Int(static_cast<int>(e.kind))
        .Id(e.continuity)
        .Loc(e.loc);
    CANON_RETURN_IF_ERROR(w.Step(ent.get(), CANON_TABLE("entities")));
    for (size_t j = 0; j < e.introduced.size(); ++j) {
      Binder(intro.get()).Int(i).Int(j).Reveal(e.introduced[j]);
      CANON_RETURN_IF_ERROR(w.Step(intro.get(), CANON_TABLE("entity_introductions")));
    }
  }

  Stmt pred, kw;
  CANON_RETURN_IF_ERROR(w.Prepare("INSERT INTO predicates VALUES(?,?,?,?,?,?,?,?,?,?,?,?)", pred));
  CANON_RETURN_IF_ERROR(w.Prepare("INSERT INTO predicate_keywords VALUES(?,?,?)", kw));
  for (size_t i = 0; i < u.predicates.size(); ++i) {
    const Predicate& p = u.predicates[i];
    Binder(pred.get())
        .Int(i)
        .Text(p.name)
        .Int(static_cast<int>(p.object_kind))
        .Int(p.symmetric)
        .Int(p.exclusive)
        .Text(p.inverse)
        .Text(p.phrase)
        .Int(p.builtin)
        .Loc(p.loc);
    CANON_RETURN_IF_ERROR(w.Step(pred.get(), CANON_TABLE("predicates")));
    for (size_t j = 0; j < p.keywords.size(); ++j) {
      Binder(kw.get()).Int(i).Int(j).Text(p.keywords[j]);
      CANON_RETURN_IF_ERROR(w.Step(kw.get(), CANON_TABLE("predicate_keywords")));
    }
  }

  Stmt fact, freveal;
  CANON_RETURN_IF_ERROR(
      w.Prepare("INSERT INTO facts VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", fact));
  CANON_RETURN_IF_ERROR(w.Prepare("INSERT INTO fact_reveals VALUES(?,?,?,?,?,?)", freveal));
  for (size_t i = 0; i < u.facts.size(); ++i) {
    const Fact& f = u.facts[i];
    Binder(fact.get())
        .Int(i)
        .Text(f.label)
        .Id(f.subject)
        .Id(f.predicate)
        .Int(static_cast<int>(f.object.kind))
        .Id(f.object.entity)
        .Text(f.object.text)
        .Real(f.object.number)
        .Date(f.object.date)
        .Id(f.start)
        .Id(f.end)
        .Text(f.source)
        .Id(f.started_by)
        .Id(f.ended_by)
        .Id(f.continuity)
        .Loc(f.loc);
    CANON_RETURN_IF_ERROR(w.Step(fact.get(), CANON_TABLE("facts")));
    for (int over = 0; over < 2; ++over) {
      const std::vector<RevealPoint>& list = over ? f.overturned : f.revealed;
      for (size_t j = 0; j < list.size(); ++j) {
        Binder(freveal.get()).Int(i).Int(over).Int(j).Reveal(list[j]);
        CANON_RETURN_IF_ERROR(w.Step(freveal.get(), CANON_TABLE("fact_reveals")));
      }
    }
  }

  Stmt event, role, ereveal, effect;
  CANON_RETURN_IF_ERROR(w.Prepare("INSERT INTO events VALUES(?,?,?,?,?,?,?,?,?,?,?)", event));
  CANON_RETURN_IF_ERROR(w.Prepare("INSERT INTO event_roles VALUES(?,?,?,?)", role));
  CANON_RETURN_IF_ERROR(w.Prepare("INSERT INTO event_reveals VALUES(?,?,?,?,?,?)", ereveal));
  CANON_RETURN_IF_ERROR(w.Prepare("INSERT INTO event_effects VALUES(?,?,?,?)", effect));
  for (size_t i = 0; i < u.events.size(); ++i) {
    const Event& e = u.events[i];
    Binder(event.get())
        .Int(i)
        .Text(e.id)
        .Text(e.title)
        .Text(e.kind)
        .Id(e.time)
        .Text(e.source)
        .Id(e.continuity)
        .Loc(e.loc);
    CANON_RETURN_IF_ERROR(w.Step(event.get(), CANON_TABLE("events")));
    for (size_t j = 0; j < e.roles.size(); ++j) {
      Binder(role.get()).Int(i).Int(j).Text(e.roles[j].role).Id(e.roles[j].entity);
      CANON_RETURN_IF_ERROR(w.Step(role.get(), CANON_TABLE("event_roles")));
    }
    for (int over = 0; over < 2; ++over) {
      const std::vector<RevealPoint>& list = over ? e.overturned : e.revealed;
      for (size_t j = 0; j < list.size(); ++j) {
        Binder(ereveal.get()).Int(i).Int(over).Int(j).Reveal(list[j]);
        CANON_RETURN_IF_ERROR(w.Step(ereveal.get(), CANON_TABLE("event_reveals")));
      }
    }
    for (int ends = 0; ends < 2; ++ends) {
      const std::vector<FactId>& list = ends ? e.ends : e.starts;
      for (size_t j = 0; j < list.size(); ++j) {
        Binder(effect.get()).Int(i).Int(ends).Int(j).Id(list[j]);
        CANON_RETURN_IF_ERROR(w.Step(effect.get(), CANON_TABLE("event_effects")));
      }
    }
  }

  Stmt know, kreveal;
  CANON_RETURN_IF_ERROR(w.Prepare("INSERT INTO knowledge VALUES(?,?,?,?,?,?,?,?,?,?,?)", know));
  CANON_RETURN_IF_ERROR(w.Prepare("INSERT INTO knowledge_reveals VALUES(?,?,?,?,?)", kreveal));
  for (size_t i = 0; i < u.knowledge.size(); ++i) {
    const Knowledge& k = u.knowledge[i];
    Binder(know.get())
        .Int(i)
        .Id(k.who)
        .Int(static_cast<int>(k.target_kind))
        .Id(k.target)
        .Id(k.from)
        .Int(k.implicit)
        .Text(k.source)
        .Loc(k.loc);
    CANON_RETURN_IF_ERROR(w.Step(know.get(), CANON_TABLE("knowledge")));
    for (size_t j = 0; j < k.revealed.size(); ++j) {
      Binder(kreveal.get()).Int(i).Int(j).Reveal(k.revealed[j]);
      CANON_RETURN_IF_ERROR(w.Step(kreveal.get(), CANON_TABLE("knowledge_reveals")));
    }
  }

  Stmt use;
  CANON_RETURN_IF_ERROR(w.Prepare("INSERT INTO event_uses VALUES(?,?,?,?,?,?,?,?,?)", use));
  for (size_t i = 0; i < u.events.size(); ++i) {
    const std::vector<Event::Use>& uses = u.events[i].uses;
    for (size_t j = 0; j < uses.size(); ++j) {
      Binder(use.get())
          .Int(i)
          .Int(j)
          .Id(uses[j].who)
          .Int(uses[j].target_is_fact)
          .Id(uses[j].target)
          .Loc(uses[j].loc);
      CANON_RETURN_IF_ERROR(w.Step(use.get(), CANON_TABLE("event_uses")));
    }
  }

  Stmt app;
  CANON_RETURN_IF_ERROR(w.Prepare("INSERT INTO appearances VALUES(?,?,?,?,?,?,?,?,?,?)", app));
  for (size_t i = 0; i < u.appearances.size(); ++i) {
    const Appearance& a = u.appearances[i];
    Binder(app.get()).Int(i).Id(a.entity).Reveal(a.at).Id(a.time).Loc(a.loc);
    CANON_RETURN_IF_ERROR(w.Step(app.get(), CANON_TABLE("appearances")));
  }

  // Lint exemptions of facts (owner_kind 0), events (1), appearances (2).
  Stmt allow;
  CANON_RETURN_IF_ERROR(w.Prepare("INSERT INTO lint_allows VALUES(?,?,?,?,?,?,?,?,?)", allow));
  auto write_allows = [&](int kind, size_t owner, const std::vector<LintAllow>& list) -> Status {
    for (size_t j = 0; j < list.size(); ++j) {
      Binder(allow.get())
          .Int(kind)
          .Int(owner)
          .Int(j)
          .Text(list[j].rule)
          .Text(list[j].reason)
          .Loc(list[j].loc);
      CANON_RETURN_IF_ERROR(w.Step(allow.get(), CANON_TABLE("lint_allows")));
    }
    return Status::Ok();
  };
  for (size_t i = 0; i < u.facts.size(); ++i) {
    CANON_RETURN_IF_ERROR(write_allows(0, i, u.facts[i].allows));
  }
  for (size_t i = 0; i < u.events.size(); ++i) {
    CANON_RETURN_IF_ERROR(write_allows(1, i, u.events[i].allows));
  }
  for (size_t i = 0; i < u.appearances.size(); ++i) {
    CANON_RETURN_IF_ERROR(write_allows(2, i, u.appearances[i].allows));
  }

  Stmt lint;
  CANON_RETURN_IF_ERROR(w.Prepare("INSERT INTO lint_settings VALUES(?,?,?,?,?,?,?)", lint));
  for (size_t i = 0; i < u.lint_settings.size(); ++i) {
    const LintSetting& ls = u.lint_settings[i];
    Binder(lint.get()).Int(i).Text(ls.rule).Text(ls.severity).Loc(ls.loc);
    CANON_RETURN_IF_ERROR(w.Step(lint.get(), CANON_TABLE("lint_settings")));
  }

  Stmt cp;
  CANON_RETURN_IF_ERROR(w.Prepare("INSERT INTO counterparts VALUES(?,?,?)", cp));
  for (size_t i = 0; i < u.counterparts.size(); ++i) {
    Binder(cp.get()).Int(i).Id(u.counterparts[i].first).Id(u.counterparts[i].second);
    CANON_RETURN_IF_ERROR(w.Step(cp.get(), CANON_TABLE("counterparts")));
  }

  Stmt point, cons;
  CANON_RETURN_IF_ERROR(w.Prepare("INSERT INTO points VALUES(?,?,?)", point));
  CANON_RETURN_IF_ERROR(
      w.Prepare("INSERT INTO constraints VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cons));
  for (size_t i = 0; i < u.points.size(); ++i) {
    const TimePoint& p = u.points[i];
    Binder(point.get()).Int(i).Int(static_cast<int>(p.owner)).Id(p.owner_id);
    CANON_RETURN_IF_ERROR(w.Step(point.get(), CANON_TABLE("points")));
    for (size_t j = 0; j < p.constraints.size(); ++j) {
      const TimeConstraint& c = p.constraints[j];
      Binder(cons.get())
          .Int(i)
          .Int(j)
          .Int(static_cast<int>(c.kind))
          .Int(static_cast<int>(c.anchor_kind))
          .Id(c.point)
          .Id(c.work)
          .Date(c.date)
          .Int(c.amount)
          .Int(static_cast<int>(c.unit))
          .Int(c.implicit)
          .Loc(c.loc);
      CANON_RETURN_IF_ERROR(w.Step(cons.get(), CANON_TABLE("constraints")));
    }
  }

  // Meta last: its row counts describe what was written above.
  Stmt meta;
  CANON_RETURN_IF_ERROR(w.Prepare("INSERT INTO meta VALUES(?,?)", meta));
  std::vector<std::pair<std::string, int64_t>> ints = {{"schema_version", kSchemaVersion}};
  for (size_t t = 0; t < std::size(kCountedTables); ++t) {
    ints.emplace_back(std::string("rows.") + kCountedTables[t], w.count(static_cast<int>(t)));
  }
  if (options.image) {
    CANON_RETURN_IF_ERROR(WriteImage(u, w, options.image_chunk_bytes, &ints));
  }
  for (const auto& [key, value] : ints) {
    Binder(meta.get()).Text(key).Int(value);
    CANON_RETURN_IF_ERROR(w.Step(meta.get(), -1));
  }
  const std::string canon_version = CANON_VERSION_STRING;
  const std::pair<std::string, const std::string*> texts[] = {{"canon_version", &canon_version},
                                                              {"title", &u.title}};
  for (const auto& [key, value] : texts) {
    Binder(meta.get()).Text(key).Text(*value);
    CANON_RETURN_IF_ERROR(w.Step(meta.get(), -1));
  }
  return w.Exec("COMMIT");
}

// Flushes a finished file to stable storage (SQLite ran with
// synchronous=OFF), so the rename never exposes a half-written database.
Status SyncFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot reopen " + Quote(path) + ": " + std::strerror(errno));
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return Status::IoError("cannot flush " + Quote(path) + ": " + std::strerror(err));
  return Status::Ok();
}

// Reads the application_id of an existing SQLite file from its header
// (big-endian at offset 68), or nullopt when the file is not SQLite.
std::optional<int32_t> HeaderApplicationId(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char header[100];
  if (!in.read(reinterpret_cast<char*>(header), sizeof header)) return std::nullopt;
  if (std::memcmp(header, "SQLite format 3", 16) != 0) return std::nullopt;
  uint32_t id = (uint32_t{header[68]} << 24) | (uint32_t{header[69]} << 16) |
                (uint32_t{header[70]} << 8) | uint32_t{header[71]};
  return static_cast<int32_t>(id);
}

// ---------------------------------------------------------------- reading

// Reads typed columns of the current row, range-checking each against what
// the model's field can hold. The first bad value is remembered.
class RowReader {
 public:
  explicit RowReader(sqlite3_stmt* stmt) : stmt_(stmt) {}

  // Accessors are named like variables (Google style).
  // NOLINTBEGIN(readability-identifier-naming)
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  // NOLINTEND(readability-identifier-naming)

  int64_t Int64(int col) { return sqlite3_column_int64(stmt_, col); }
  bool IsNull(int col) { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

  // An id: NULL is kNone; anything else must fit below kNone. Whether it is
  // in range of its table is ValidateUniverse's job.
  uint32_t Id(int col) {
    if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return kNone;
    return static_cast<uint32_t>(Ranged(col, 0, int64_t{kNone} - 1));
  }
  int64_t Ranged(int col, int64_t lo, int64_t hi) {
    if (sqlite3_column_type(stmt_, col) != SQLITE_INTEGER) {
      Fail(col, sqlite3_column_type(stmt_, col) == SQLITE_NULL ? "NULL" : "a non-integer");
      return lo;
    }
    int64_t v = sqlite3_column_int64(stmt_, col);
    if (v < lo || v > hi) {
      Fail(col,
           std::to_string(v) + " (allowed " + std::to_string(lo) + ".." + std::to_string(hi) + ")");
      return lo;
    }
    return v;
  }
  int32_t I32(int col) { return static_cast<int32_t>(Ranged(col, INT32_MIN, INT32_MAX)); }
  uint32_t U32(int col) { return static_cast<uint32_t>(Ranged(col, 0, UINT32_MAX)); }
  bool Bool(int col) { return Ranged(col, 0, 1) != 0; }
  template <typename E>
  E Enum(int col, E max) {
    return static_cast<E>(Ranged(col, 0, static_cast<int64_t>(max)));
  }
  double Real(int col) {
    int type = sqlite3_column_type(stmt_, col);
    if (type != SQLITE_FLOAT && type != SQLITE_INTEGER) Fail(col, "a non-number");
    return sqlite3_column_double(stmt_, col);
  }
  void Text(int col, std::string& out) {
    const unsigned char* p = sqlite3_column_text(stmt_, col);
    int n = sqlite3_column_bytes(stmt_, col);
    if (p == nullptr) {
      if (sqlite3_column_type(stmt_, col) != SQLITE_NULL) Fail(col, "unreadable text");
      out.clear();
      return;
    }
    out.assign(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
  }
  SourceLoc Loc(int col) {
    SourceLoc l;
    l.file = Id(col);
    l.line = U32(col + 1);
    l.col = U32(col + 2);
    l.length = U32(col + 3);
    return l;
  }
  PartialDate Date(int col) {
    PartialDate d;
    d.year = I32(col);
    d.month = static_cast<uint8_t>(Ranged(col + 1, 0, 12));
    d.day = static_cast<uint8_t>(Ranged(col + 2, 0, 31));
    d.era = Id(col + 3);
    return d;
  }
  RevealPoint Reveal(int col) {
    RevealPoint p;
    p.work = Id(col);
    p.position_kind = Enum(col + 1, RevealPoint::PositionKind::kSeconds);
    p.position = I32(col + 2);
    return p;
  }

 private:
  void Fail(int col, const std::string& what) {
    if (error_.empty()) {
      const char* name = sqlite3_column_name(stmt_, col);
      error_ = std::string("column `") + (name ? name : "?") + "` holds " + what;
    }
  }

  sqlite3_stmt* stmt_;
  std::string error_;
};

class Loader {
 public:
  Loader(sqlite3* db, const std::string& path, int64_t file_size)
      : db_(db), path_(path), file_size_(file_size) {}

  Status Corrupt(const std::string& what) const {
    return Status::Corruption(Quote(path_) + " is damaged: " + what, kRebuildHint);
  }

  // Runs `sql` and calls fn(reader, row_ordinal) for every row. The first
  // column of every query is the row's id or owner id, quoted in errors as
  // "<label> N".
  template <typename Fn>
  Status Scan(const char* table, const char* label, const char* sql, Fn&& fn) {
    Stmt stmt;
    int rc = sqlite3_prepare_v2(db_, sql, -1, stmt.out(), nullptr);
    if (rc != SQLITE_OK) {
      if ((rc & 0xff) == SQLITE_ERROR) {
        return Status::Corruption(Quote(path_) + " is not a canon database of this version: " +
                                      sqlite3_errmsg(db_) + " (reading table `" + table + "`)",
                                  kRebuildHint);
      }
      return SqlError(db_, rc, path_, std::string("read table `") + table + "` of");
    }
    int64_t row = 0;
    while (true) {
      rc = sqlite3_step(stmt.get());
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW)
        return SqlError(db_, rc, path_, std::string("read table `") + table + "` of");
      RowReader r(stmt.get());
      Status s = fn(r, row);
      if (!r.failed() && s.ok()) {
        ++row;
        continue;
      }
      std::string where = std::string("table `") + table + "`, " + label + " " +
                          std::to_string(sqlite3_column_int64(stmt.get(), 0));
      return Corrupt(where + ": " + (r.failed() ? r.error() : s.message()));
    }
    rows_[table] = row;
    return Status::Ok();
  }

  // For an element table: the row must carry the next dense id.
  static Status DenseId(RowReader& r, int64_t row) {
    if (r.Int64(0) != row) {
      return Status::Corruption("ids are not dense: expected id " + std::to_string(row));
    }
    return Status::Ok();
  }

  // For a child table: its owner id must name an existing element.
  static Status Owner(uint32_t owner, size_t size, const char* owner_table) {
    if (owner >= size) {
      return Status::Corruption(std::string("no such row in `") + owner_table + "` (it has " +
                                std::to_string(size) + " rows)");
    }
    return Status::Ok();
  }

  // Pre-sizes a vector from the table's largest id, bounded by what a file
  // of this size could hold, so a damaged id cannot force a huge allocation.
  template <typename T>
  void Reserve(std::vector<T>& v, const char* table) {
    Stmt stmt;
    std::string sql = std::string("SELECT max(id) FROM ") + table;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, stmt.out(), nullptr) != SQLITE_OK) return;
    if (sqlite3_step(stmt.get()) != SQLITE_ROW) return;
    int64_t n = sqlite3_column_int64(stmt.get(), 0) + 1;
    if (n > 0 && n <= file_size_ / 4) v.reserve(static_cast<size_t>(n));
  }

  Status LoadAll(Universe& u);

 private:
  Status CheckCounts();

  sqlite3* db_;
  const std::string& path_;
  int64_t file_size_;
  std::unordered_map<std::string, int64_t> rows_;
};

Status Loader::LoadAll(Universe& u) {
  Reserve(u.files, "files");
  CANON_RETURN_IF_ERROR(
      Scan("files", "id", "SELECT id, name FROM files ORDER BY id", [&](RowReader& r, int64_t row) {
        CANON_RETURN_IF_ERROR(DenseId(r, row));
        r.Text(1, u.files.emplace_back());
        return Status::Ok();
      }));

  CANON_RETURN_IF_ERROR(Scan(
      "continuities", "id",
      "SELECT id, ident, title, loc_file, loc_line, loc_col, loc_len FROM continuities ORDER BY id",
      [&](RowReader& r, int64_t row) {
        CANON_RETURN_IF_ERROR(DenseId(r, row));
        Continuity& c = u.continuities.emplace_back();
        r.Text(1, c.id);
        r.Text(2, c.title);
        c.loc = r.Loc(3);
        return Status::Ok();
      }));

  CANON_RETURN_IF_ERROR(Scan("eras", "id",
                             "SELECT id, ident, continuity, epoch, direction, loc_file, loc_line, "
                             "loc_col, loc_len FROM eras ORDER BY id",
                             [&](RowReader& r, int64_t row) {
                               CANON_RETURN_IF_ERROR(DenseId(r, row));
                               Era& e = u.eras.emplace_back();
                               r.Text(1, e.id);
                               e.continuity = r.Id(2);
                               e.epoch = r.I32(3);
                               e.direction = static_cast<int32_t>(r.Ranged(4, -1, 1));
                               e.loc = r.Loc(5);
                               return Status::Ok();
                             }));

  // Works, then the children lists rebuilt from parent + sibling_index.
  Reserve(u.works, "works");
  std::vector<uint32_t> sibling;
  sibling.reserve(u.works.capacity());
  CANON_RETURN_IF_ERROR(
      Scan("works", "id",
           "SELECT id, ident, path, title, kind, parent, sibling_index, continuity, released_year, "
           "released_month, released_day, released_era, runtime_minutes, slot_start, slot_end, "
           "flashback, declared_child_count, generated, loc_file, loc_line, loc_col, loc_len "
           "FROM works ORDER BY id",
           [&](RowReader& r, int64_t row) {
             CANON_RETURN_IF_ERROR(DenseId(r, row));
             Work& w = u.works.emplace_back();
             r.Text(1, w.id);
             r.Text(2, w.path);
             r.Text(3, w.title);
             w.kind = r.Enum(4, WorkKind::kChapter);
             w.parent = r.Id(5);
             sibling.push_back(r.U32(6));
             w.continuity = r.Id(7);
             if (!r.IsNull(8)) w.released = r.Date(8);
             if (!r.IsNull(12)) w.runtime_minutes = r.I32(12);
             w.slot_start = r.Id(13);
             w.slot_end = r.Id(14);
             w.flashback = r.Bool(15);
             w.declared_child_count = r.U32(16);
             w.generated = r.Bool(17);
             w.loc = r.Loc(18);
             return Status::Ok();
           }));
  {
    const size_t n = u.works.size();
    for (size_t i = 0; i < n; ++i) {
      WorkId p = u.works[i].parent;
      if (p == kNone) continue;
      if (p >= n) {
        return Corrupt("table `works`, id " + std::to_string(i) + ": parent " + std::to_string(p) +
                       " is out of range (works has " + std::to_string(n) + " rows)");
      }
      u.works[p].children.push_back(kNone);  // counts; filled below
    }
    for (size_t i = 0; i < n; ++i) {
      WorkId p = u.works[i].parent;
      if (p == kNone) continue;
      std::vector<WorkId>& kids = u.works[p].children;
      if (sibling[i] >= kids.size() || kids[sibling[i]] != kNone) {
        return Corrupt("table `works`, id " + std::to_string(i) + ": sibling_index " +
                       std::to_string(sibling[i]) + " is not a free position among the " +
                       std::to_string(kids.size()) + " children of work " + std::to_string(p));
      }
      kids[sibling[i]] = static_cast<WorkId>(i);
    }
  }

  Reserve(u.entities, "entities");
  CANON_RETURN_IF_ERROR(Scan("entities", "id",
                             "SELECT id, ident, name, kind, continuity, loc_file, loc_line, "
                             "loc_col, loc_len FROM entities ORDER BY id",
                             [&](RowReader& r, int64_t row) {
                               CANON_RETURN_IF_ERROR(DenseId(r, row));
                               Entity& e = u.entities.emplace_back();
                               r.Text(1, e.id);
                               r.Text(2, e.name);
                               e.kind = r.Enum(3, EntityKind::kObject);
                               e.continuity = r.Id(4);
                               e.loc = r.Loc(5);
                               return Status::Ok();
                             }));
  CANON_RETURN_IF_ERROR(Scan("entity_introductions", "entity",
                             "SELECT entity, work, position_kind, position FROM "
                             "entity_introductions ORDER BY entity, idx",
                             [&](RowReader& r, int64_t) {
                               uint32_t owner = r.Id(0);
                               CANON_RETURN_IF_ERROR(Owner(owner, u.entities.size(), "entities"));
                               u.entities[owner].introduced.push_back(r.Reveal(1));
                               return Status::Ok();
                             }));

  CANON_RETURN_IF_ERROR(Scan("predicates", "id",
                             "SELECT id, name, object_kind, symmetric, exclusive, inverse, phrase, "
                             "builtin, loc_file, loc_line, loc_col, loc_len FROM predicates "
                             "ORDER BY id",
                             [&](RowReader& r, int64_t row) {
                               CANON_RETURN_IF_ERROR(DenseId(r, row));
                               Predicate& p = u.predicates.emplace_back();
                               r.Text(1, p.name);
                               p.object_kind = r.Enum(2, ValueKind::kDate);
                               p.symmetric = r.Bool(3);
                               p.exclusive = r.Bool(4);
                               r.Text(5, p.inverse);
                               r.Text(6, p.phrase);
                               p.builtin = r.Bool(7);
                               p.loc = r.Loc(8);
                               return Status::Ok();
                             }));
  CANON_RETURN_IF_ERROR(Scan("predicate_keywords", "predicate",
                             "SELECT predicate, keyword FROM predicate_keywords "
                             "ORDER BY predicate, idx",
                             [&](RowReader& r, int64_t) {
                               uint32_t owner = r.Id(0);
                               CANON_RETURN_IF_ERROR(
                                   Owner(owner, u.predicates.size(), "predicates"));
                               r.Text(1, u.predicates[owner].keywords.emplace_back());
                               return Status::Ok();
                             }));

  Reserve(u.facts, "facts");
  CANON_RETURN_IF_ERROR(
      Scan("facts", "id",
           "SELECT id, label, subject, predicate, object_kind, object_entity, object_text, "
           "object_number, object_year, object_month, object_day, object_era, start_point, "
           "end_point, source, started_by, ended_by, continuity, loc_file, loc_line, loc_col, "
           "loc_len FROM facts ORDER BY id",
           [&](RowReader& r, int64_t row) {
             CANON_RETURN_IF_ERROR(DenseId(r, row));
             Fact& f = u.facts.emplace_back();
             r.Text(1, f.label);
             f.subject = r.Id(2);
             f.predicate = r.Id(3);
             f.object.kind = r.Enum(4, ValueKind::kDate);
             f.object.entity = r.Id(5);
             r.Text(6, f.object.text);
             f.object.number = r.Real(7);
             f.object.date = r.Date(8);
             f.start = r.Id(12);
             f.end = r.Id(13);
             r.Text(14, f.source);
             f.started_by = r.Id(15);
             f.ended_by = r.Id(16);
             f.continuity = r.Id(17);
             f.loc = r.Loc(18);
             return Status::Ok();
           }));
  CANON_RETURN_IF_ERROR(Scan("fact_reveals", "fact",
                             "SELECT fact, overturned, work, position_kind, position FROM "
                             "fact_reveals ORDER BY fact, overturned, idx",
                             [&](RowReader& r, int64_t) {
                               uint32_t owner = r.Id(0);
                               CANON_RETURN_IF_ERROR(Owner(owner, u.facts.size(), "facts"));
                               Fact& f = u.facts[owner];
                               (r.Bool(1) ? f.overturned : f.revealed).push_back(r.Reveal(2));
                               return Status::Ok();
                             }));

  Reserve(u.events, "events");
  CANON_RETURN_IF_ERROR(Scan("events", "id",
                             "SELECT id, ident, title, kind, time_point, source, continuity, "
                             "loc_file, loc_line, loc_col, loc_len FROM events ORDER BY id",
                             [&](RowReader& r, int64_t row) {
                               CANON_RETURN_IF_ERROR(DenseId(r, row));
                               Event& e = u.events.emplace_back();
                               r.Text(1, e.id);
                               r.Text(2, e.title);
                               r.Text(3, e.kind);
                               e.time = r.Id(4);
                               r.Text(5, e.source);
                               e.continuity = r.Id(6);
                               e.loc = r.Loc(7);
                               return Status::Ok();
                             }));
  CANON_RETURN_IF_ERROR(Scan("event_roles", "event",
                             "SELECT event, role, entity FROM event_roles ORDER BY event, idx",
                             [&](RowReader& r, int64_t) {
                               uint32_t owner = r.Id(0);
                               CANON_RETURN_IF_ERROR(Owner(owner, u.events.size(), "events"));
                               Role& role = u.events[owner].roles.emplace_back();
                               r.Text(1, role.role);
                               role.entity = r.Id(2);
                               return Status::Ok();
                             }));
  CANON_RETURN_IF_ERROR(Scan("event_reveals", "event",
                             "SELECT event, overturned, work, position_kind, position FROM "
                             "event_reveals ORDER BY event, overturned, idx",
                             [&](RowReader& r, int64_t) {
                               uint32_t owner = r.Id(0);
                               CANON_RETURN_IF_ERROR(Owner(owner, u.events.size(), "events"));
                               Event& e = u.events[owner];
                               (r.Bool(1) ? e.overturned : e.revealed).push_back(r.Reveal(2));
                               return Status::Ok();
                             }));
  CANON_RETURN_IF_ERROR(
      Scan("event_effects", "event",
           "SELECT event, ends, fact FROM event_effects ORDER BY event, ends, idx",
           [&](RowReader& r, int64_t) {
             uint32_t owner = r.Id(0);
             CANON_RETURN_IF_ERROR(Owner(owner, u.events.size(), "events"));
             Event& e = u.events[owner];
             (r.Bool(1) ? e.ends : e.starts).push_back(r.Id(2));
             return Status::Ok();
           }));

  Reserve(u.knowledge, "knowledge");
  CANON_RETURN_IF_ERROR(Scan("knowledge", "id",
                             "SELECT id, who, target_kind, target, from_point, implicit, source, "
                             "loc_file, loc_line, loc_col, loc_len FROM knowledge ORDER BY id",
                             [&](RowReader& r, int64_t row) {
                               CANON_RETURN_IF_ERROR(DenseId(r, row));
                               Knowledge& k = u.knowledge.emplace_back();
                               k.who = r.Id(1);
                               k.target_kind = r.Enum(2, Knowledge::TargetKind::kEvent);
                               k.target = r.Id(3);
                               k.from = r.Id(4);
                               k.implicit = r.Bool(5);
                               r.Text(6, k.source);
                               k.loc = r.Loc(7);
                               return Status::Ok();
                             }));
  CANON_RETURN_IF_ERROR(Scan("knowledge_reveals", "knowledge",
                             "SELECT knowledge, work, position_kind, position FROM "
                             "knowledge_reveals ORDER BY knowledge, idx",
                             [&](RowReader& r, int64_t) {
                               uint32_t owner = r.Id(0);
                               CANON_RETURN_IF_ERROR(Owner(owner, u.knowledge.size(), "knowledge"));
                               u.knowledge[owner].revealed.push_back(r.Reveal(1));
                               return Status::Ok();
                             }));

  CANON_RETURN_IF_ERROR(Scan("event_uses", "event",
                             "SELECT event, who, target_is_fact, target, loc_file, loc_line, "
                             "loc_col, loc_len FROM event_uses ORDER BY event, idx",
                             [&](RowReader& r, int64_t) {
                               uint32_t owner = r.Id(0);
                               CANON_RETURN_IF_ERROR(Owner(owner, u.events.size(), "events"));
                               Event::Use& use = u.events[owner].uses.emplace_back();
                               use.who = r.Id(1);
                               use.target_is_fact = r.Bool(2);
                               use.target = r.Id(3);
                               use.loc = r.Loc(4);
                               return Status::Ok();
                             }));

  Reserve(u.appearances, "appearances");
  CANON_RETURN_IF_ERROR(Scan("appearances", "id",
                             "SELECT id, entity, work, position_kind, position, time_point, "
                             "loc_file, loc_line, loc_col, loc_len FROM appearances ORDER BY id",
                             [&](RowReader& r, int64_t row) {
                               CANON_RETURN_IF_ERROR(DenseId(r, row));
                               Appearance& a = u.appearances.emplace_back();
                               a.entity = r.Id(1);
                               a.at = r.Reveal(2);
                               a.time = r.Id(5);
                               a.loc = r.Loc(6);
                               return Status::Ok();
                             }));

  CANON_RETURN_IF_ERROR(Scan("lint_allows", "owner",
                             "SELECT owner, owner_kind, rule, reason, loc_file, loc_line, loc_col, "
                             "loc_len FROM lint_allows ORDER BY owner_kind, owner, idx",
                             [&](RowReader& r, int64_t) {
                               uint32_t owner = r.Id(0);
                               int64_t kind = r.Ranged(1, 0, 2);
                               std::vector<LintAllow>* list = nullptr;
                               if (kind == 0) {
                                 CANON_RETURN_IF_ERROR(Owner(owner, u.facts.size(), "facts"));
                                 list = &u.facts[owner].allows;
                               } else if (kind == 1) {
                                 CANON_RETURN_IF_ERROR(Owner(owner, u.events.size(), "events"));
                                 list = &u.events[owner].allows;
                               } else {
                                 CANON_RETURN_IF_ERROR(
                                     Owner(owner, u.appearances.size(), "appearances"));
                                 list = &u.appearances[owner].allows;
                               }
                               LintAllow& a = list->emplace_back();
                               r.Text(2, a.rule);
                               r.Text(3, a.reason);
                               a.loc = r.Loc(4);
                               return Status::Ok();
                             }));

  CANON_RETURN_IF_ERROR(Scan("lint_settings", "id",
                             "SELECT id, rule, severity, loc_file, loc_line, loc_col, loc_len "
                             "FROM lint_settings ORDER BY id",
                             [&](RowReader& r, int64_t row) {
                               CANON_RETURN_IF_ERROR(DenseId(r, row));
                               LintSetting& ls = u.lint_settings.emplace_back();
                               r.Text(1, ls.rule);
                               r.Text(2, ls.severity);
                               ls.loc = r.Loc(3);
                               return Status::Ok();
                             }));

  CANON_RETURN_IF_ERROR(Scan("counterparts", "id", "SELECT id, a, b FROM counterparts ORDER BY id",
                             [&](RowReader& r, int64_t row) {
                               CANON_RETURN_IF_ERROR(DenseId(r, row));
                               u.counterparts.emplace_back(r.Id(1), r.Id(2));
                               return Status::Ok();
                             }));

  Reserve(u.points, "points");
  CANON_RETURN_IF_ERROR(Scan("points", "id", "SELECT id, owner_kind, owner FROM points ORDER BY id",
                             [&](RowReader& r, int64_t row) {
                               CANON_RETURN_IF_ERROR(DenseId(r, row));
                               TimePoint& p = u.points.emplace_back();
                               p.owner = r.Enum(1, TimePoint::Owner::kAppearance);
                               p.owner_id = r.Id(2);
                               return Status::Ok();
                             }));
  CANON_RETURN_IF_ERROR(
      Scan("constraints", "point",
           "SELECT point, kind, anchor_kind, anchor_point, anchor_work, date_year, date_month, "
           "date_day, date_era, amount, unit, implicit, loc_file, loc_line, loc_col, loc_len "
           "FROM constraints ORDER BY point, idx",
           [&](RowReader& r, int64_t) {
             uint32_t owner = r.Id(0);
             CANON_RETURN_IF_ERROR(Owner(owner, u.points.size(), "points"));
             TimeConstraint& c = u.points[owner].constraints.emplace_back();
             c.kind = r.Enum(1, TimeConstraint::Kind::kNotAfter);
             c.anchor_kind = r.Enum(2, TimeConstraint::AnchorKind::kDate);
             c.point = r.Id(3);
             c.work = r.Id(4);
             c.date = r.Date(5);
             c.amount = r.I32(9);
             c.unit = r.Enum(10, TimeConstraint::Unit::kYears);
             c.implicit = r.Bool(11);
             c.loc = r.Loc(12);
             return Status::Ok();
           }));

  return CheckCounts();
}

// Every table must hold as many rows as meta says were written: a cheap
// guard against a file cut short at a page boundary.
Status Loader::CheckCounts() {
  Stmt stmt;
  int rc = sqlite3_prepare_v2(db_, "SELECT value FROM meta WHERE key = ?", -1, stmt.out(), nullptr);
  if (rc != SQLITE_OK) return SqlError(db_, rc, path_, "read table `meta` of");
  for (const char* table : kCountedTables) {
    std::string key = std::string("rows.") + table;
    sqlite3_reset(stmt.get());
    sqlite3_bind_text(stmt.get(), 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
    rc = sqlite3_step(stmt.get());
    if (rc != SQLITE_ROW) {
      if (rc != SQLITE_DONE) return SqlError(db_, rc, path_, "read table `meta` of");
      return Corrupt("table `meta` has no `" + key + "` entry");
    }
    int64_t expected = sqlite3_column_int64(stmt.get(), 0);
    int64_t found = rows_[table];
    if (found != expected) {
      return Corrupt("table `" + std::string(table) + "` has " + std::to_string(found) +
                     " rows but " + std::to_string(expected) + " were written (truncated file?)");
    }
  }
  return Status::Ok();
}

uint32_t BigEndian(const unsigned char* p, int n) {
  uint32_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | p[i];
  return v;
}

// Checks the 100-byte SQLite file header before SQLite sees the file: it
// must be SQLite's, and the file must be as long as the header says (SQLite
// itself reads a cut-off last page as zeros and may not notice).
Status CheckFileHeader(const std::string& path, int64_t size) {
  unsigned char header[100] = {};
  std::ifstream in(path, std::ios::binary);
  in.read(reinterpret_cast<char*>(header), sizeof header);
  const int64_t got = in.gcount();
  const bool sqlite_magic = got >= 16 && std::memcmp(header, "SQLite format 3", 16) == 0;
  if (!sqlite_magic) {
    return Status::Corruption(Quote(path) + " is not a canon database (not an SQLite file)",
                              "give a .canondb written by `canon build`");
  }
  if (got < 100) {
    return Status::Corruption(Quote(path) + " is damaged: truncated inside its header (" +
                                  std::to_string(size) + " bytes)",
                              kRebuildHint);
  }
  uint32_t page_size = BigEndian(header + 16, 2);
  if (page_size == 1) page_size = 65536;
  const uint32_t page_count = BigEndian(header + 28, 4);
  // The in-header page count is valid when the change counter matches the
  // version-valid-for number (always so for files SQLite >= 3.7 wrote).
  const bool count_valid = BigEndian(header + 24, 4) == BigEndian(header + 92, 4);
  if (page_size >= 512 && count_valid && page_count != 0 &&
      static_cast<int64_t>(page_count) * page_size > size) {
    return Status::Corruption(Quote(path) + " is damaged: truncated to " + std::to_string(size) +
                                  " bytes (its header says " + std::to_string(page_count) +
                                  " pages of " + std::to_string(page_size) + " bytes)",
                              kRebuildHint);
  }
  return Status::Ok();
}

// Opens `path` read-only and checks it is a canon database of this schema
// version before any table is read.
Status CheckHeader(sqlite3* db, const std::string& path) {
  auto pragma_int = [&](const char* sql, int64_t& out) -> Status {
    Stmt stmt;
    int rc = sqlite3_prepare_v2(db, sql, -1, stmt.out(), nullptr);
    if (rc == SQLITE_OK) rc = sqlite3_step(stmt.get());
    if (rc != SQLITE_ROW) {
      if ((rc & 0xff) == SQLITE_NOTADB) {
        return Status::Corruption(Quote(path) + " is not a canon database (not an SQLite file)",
                                  "give a .canondb written by `canon build`");
      }
      return SqlError(db, rc, path, "read");
    }
    out = sqlite3_column_int64(stmt.get(), 0);
    return Status::Ok();
  };
  int64_t app_id = 0, version = 0;
  CANON_RETURN_IF_ERROR(pragma_int("PRAGMA application_id", app_id));
  if (app_id != kApplicationId) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%08x", static_cast<uint32_t>(app_id));
    return Status::Corruption(
        Quote(path) + " is not a canon database (SQLite application_id " + hex + ")",
        "give a .canondb written by `canon build`");
  }
  CANON_RETURN_IF_ERROR(pragma_int("PRAGMA user_version", version));
  if (version > kSchemaVersion) {
    return Status::Corruption(Quote(path) + " was written by a newer canon (schema version " +
                                  std::to_string(version) + "; this canon reads version " +
                                  std::to_string(kSchemaVersion) + ")",
                              "upgrade canon, or " + std::string(kRebuildHint));
  }
  if (version < kSchemaVersion) {
    return Status::Corruption(Quote(path) + " has schema version " + std::to_string(version) +
                                  ", which this canon no longer reads (it reads version " +
                                  std::to_string(kSchemaVersion) + ")",
                              kRebuildHint);
  }
  // The meta table must agree with the header.
  Stmt stmt;
  int rc = sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'schema_version'", -1,
                              stmt.out(), nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_step(stmt.get());
  if (rc != SQLITE_ROW) {
    if (rc == SQLITE_DONE || (rc & 0xff) == SQLITE_ERROR) {
      return Status::Corruption(Quote(path) + " is damaged: table `meta` has no schema_version",
                                kRebuildHint);
    }
    return SqlError(db, rc, path, "read");
  }
  if (sqlite3_column_int64(stmt.get(), 0) != version) {
    return Status::Corruption(Quote(path) + " is damaged: meta schema_version " +
                                  std::to_string(sqlite3_column_int64(stmt.get(), 0)) +
                                  " disagrees with the file header (" + std::to_string(version) +
                                  ")",
                              kRebuildHint);
  }
  return Status::Ok();
}

// ---------------------------------------------------------------- the image

Status ImageCorrupt(const std::string& path, const std::string& what) {
  return Status::Corruption(Quote(path) + " is damaged: its universe image is unusable: " + what,
                            kRebuildHint);
}

// Reads the integer meta entries whose key starts with `prefix`.
Status ReadMetaInts(sqlite3* db, const std::string& path, const char* prefix,
                    std::unordered_map<std::string, int64_t>* out) {
  Stmt stmt;
  int rc = sqlite3_prepare_v2(db, "SELECT key, value FROM meta WHERE substr(key, 1, ?2) = ?1", -1,
                              stmt.out(), nullptr);
  if (rc != SQLITE_OK) return SqlError(db, rc, path, "read table `meta` of");
  sqlite3_bind_text(stmt.get(), 1, prefix, -1, SQLITE_STATIC);
  sqlite3_bind_int(stmt.get(), 2, static_cast<int>(std::strlen(prefix)));
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    const char* key = reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), 0));
    if (sqlite3_column_type(stmt.get(), 1) != SQLITE_INTEGER || key == nullptr) {
      return Status::Corruption(
          Quote(path) + " is damaged: meta `" + (key ? key : "?") + "` is not an integer",
          kRebuildHint);
    }
    (*out)[key] = sqlite3_column_int64(stmt.get(), 1);
  }
  if (rc != SQLITE_DONE) return SqlError(db, rc, path, "read table `meta` of");
  return Status::Ok();
}

// Reads, checks and decodes the image described by `meta` (image.*).
Status LoadImage(sqlite3* db, const std::string& path, int64_t file_size,
                 const std::unordered_map<std::string, int64_t>& meta, Universe* u) {
  int64_t values[4];
  const char* const keys[4] = {"image.format", "image.bytes", "image.chunks", "image.checksum"};
  for (int i = 0; i < 4; ++i) {
    auto it = meta.find(keys[i]);
    if (it == meta.end()) return ImageCorrupt(path, std::string("meta has no `") + keys[i] + "`");
    values[i] = it->second;
  }
  const int64_t format = values[0], bytes = values[1], chunks = values[2];
  const uint64_t checksum = static_cast<uint64_t>(values[3]);
  if (format != kImageFormatVersion) {
    return ImageCorrupt(path, "format version " + std::to_string(format) +
                                  ", this canon reads version " +
                                  std::to_string(kImageFormatVersion));
  }
  // Bounded by the file: a damaged length cannot force a huge allocation.
  if (bytes <= 0 || bytes > file_size || chunks <= 0 || chunks > bytes) {
    return ImageCorrupt(path, "meta gives " + std::to_string(bytes) + " bytes in " +
                                  std::to_string(chunks) + " chunks, impossible in a file of " +
                                  std::to_string(file_size) + " bytes");
  }
  // No zero-fill: every byte is overwritten by the chunks (checked below).
  std::unique_ptr<char[]> buffer(new char[static_cast<size_t>(bytes)]);
  int64_t at = 0;
  for (int64_t c = 0; c < chunks; ++c) {
    sqlite3_blob* blob = nullptr;
    int rc = sqlite3_blob_open(db, "main", "image", "data", c, 0, &blob);
    if (rc != SQLITE_OK) {
      sqlite3_blob_close(blob);
      if ((rc & 0xff) == SQLITE_ERROR) {
        return ImageCorrupt(path, "chunk " + std::to_string(c) + " of " + std::to_string(chunks) +
                                      " is missing (" + sqlite3_errmsg(db) + ")");
      }
      return SqlError(db, rc, path, "read the image of");
    }
    const int64_t n = sqlite3_blob_bytes(blob);
    if (n > bytes - at) {
      sqlite3_blob_close(blob);
      return ImageCorrupt(
          path, "its chunks hold more than the " + std::to_string(bytes) + " bytes meta records");
    }
    rc = sqlite3_blob_read(blob, buffer.get() + at, static_cast<int>(n), 0);
    sqlite3_blob_close(blob);
    if (rc != SQLITE_OK) return SqlError(db, rc, path, "read the image of");
    at += n;
  }
  if (at != bytes) {
    return ImageCorrupt(path, "its chunks hold " + std::to_string(at) + " bytes, meta records " +
                                  std::to_string(bytes));
  }
  {
    Stmt stmt;
    int rc = sqlite3_prepare_v2(db, "SELECT count(*) FROM image", -1, stmt.out(), nullptr);
    if (rc == SQLITE_OK) rc = sqlite3_step(stmt.get());
    if (rc != SQLITE_ROW) return SqlError(db, rc, path, "read the image of");
    if (sqlite3_column_int64(stmt.get(), 0) != chunks) {
      return ImageCorrupt(path, "table `image` has " +
                                    std::to_string(sqlite3_column_int64(stmt.get(), 0)) +
                                    " chunks, meta records " + std::to_string(chunks));
    }
  }
  const std::string_view image(buffer.get(), static_cast<size_t>(bytes));
  if (ImageChecksum(image) != checksum) {
    return ImageCorrupt(path, "checksum mismatch (the bytes were changed after `canon build`)");
  }
  Status decoded = DecodeImage(image, u);
  if (!decoded.ok()) return ImageCorrupt(path, decoded.message());
  // The image must describe the same universe as the rows: compare sizes.
  std::unordered_map<std::string, int64_t> rows;
  CANON_RETURN_IF_ERROR(ReadMetaInts(db, path, "rows.", &rows));
  const std::pair<const char*, size_t> sizes[] = {
      {"files", u->files.size()},
      {"continuities", u->continuities.size()},
      {"eras", u->eras.size()},
      {"works", u->works.size()},
      {"entities", u->entities.size()},
      {"predicates", u->predicates.size()},
      {"facts", u->facts.size()},
      {"events", u->events.size()},
      {"knowledge", u->knowledge.size()},
      {"appearances", u->appearances.size()},
      {"lint_settings", u->lint_settings.size()},
      {"counterparts", u->counterparts.size()},
      {"points", u->points.size()},
  };
  for (const auto& [table, n] : sizes) {
    auto it = rows.find(std::string("rows.") + table);
    if (it == rows.end() || it->second != static_cast<int64_t>(n)) {
      return ImageCorrupt(path, "it holds " + std::to_string(n) + " " + table + " but table `" +
                                    table + "` has " +
                                    (it == rows.end() ? "no count" : std::to_string(it->second)));
    }
  }
  return Status::Ok();
}

Status SaveTo(const Universe& u, const std::string& tmp, const SaveOptions& options) {
  sqlite3* raw = nullptr;
  // NOMUTEX: the connection never leaves this thread, so SQLite's
  // per-call locking is pure overhead.
  int rc = sqlite3_open_v2(
      tmp.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  DbPtr db(raw);
  if (rc != SQLITE_OK) return SqlError(raw, rc, tmp, "create");
  // A fresh private file: no journal, no syncs (SyncFile flushes once at the
  // end), one big transaction.
  const std::string pragmas =
      "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE; "
      "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536; PRAGMA application_id=" +
      std::to_string(kApplicationId) + "; PRAGMA user_version=" + std::to_string(kSchemaVersion) +
      ";";
  rc = sqlite3_exec(db.get(), pragmas.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqlError(db.get(), rc, tmp, "write");
  CANON_RETURN_IF_ERROR(WriteAll(u, db.get(), tmp, options));
  rc = sqlite3_close(db.release());
  if (rc != SQLITE_OK) return SqlError(nullptr, rc, tmp, "close");
  return SyncFile(tmp);
}

}  // namespace

Status SaveUniverse(const Universe& u, const std::string& path) {
  return SaveUniverse(u, path, SaveOptions{});
}

Status SaveUniverse(const Universe& u, const std::string& path, const SaveOptions& options) {
  if (options.image_chunk_bytes == 0 || options.image_chunk_bytes > kImageChunkBytes) {
    return Status::InvalidArgument("image chunk size " + std::to_string(options.image_chunk_bytes) +
                                   " is not in 1.." + std::to_string(kImageChunkBytes));
  }
  Status valid = ValidateUniverse(u);
  if (!valid.ok()) {
    return Status::Internal("cannot save the universe to " + Quote(path) +
                            ": it is inconsistent: " + valid.message());
  }
  // Refuse to replace something that is not a canon database (a source file
  // given to -o by mistake); an empty file is fine.
  std::error_code ec;
  if (fs::exists(path, ec)) {
    if (fs::is_directory(path, ec)) {
      return Status::IoError("cannot write " + Quote(path) + ": it is a directory",
                             "give a file name such as universe.canondb");
    }
    if (fs::file_size(path, ec) != 0 && !ec && HeaderApplicationId(path) != kApplicationId) {
      return Status::InvalidArgument(
          "refusing to overwrite " + Quote(path) + ": it is not a canon database",
          "remove it first or choose another output path");
    }
  }
  const std::string tmp = path + ".tmp";
  fs::remove(tmp, ec);  // a leftover of an interrupted build
  if (ec) return Status::IoError("cannot remove stale " + Quote(tmp) + ": " + ec.message());
  Status s;
  try {
    s = SaveTo(u, tmp, options);
  } catch (const std::bad_alloc&) {
    s = Status::IoError("out of memory while writing " + Quote(tmp));
  }
  if (s.ok()) {
    fs::rename(tmp, path, ec);
    if (ec) {
      s = Status::IoError("cannot move " + Quote(tmp) + " to " + Quote(path) + ": " + ec.message());
    }
  }
  if (!s.ok()) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    return s;
  }
  // Make the rename itself durable.
  std::string dir = fs::path(path).parent_path().string();
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    (void)::fsync(fd);
    ::close(fd);
  }
  return Status::Ok();
}

Result<Universe> LoadUniverse(const std::string& path) {
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (!fs::exists(st)) {
    return Status::IoError("cannot open " + Quote(path) + ": no such file",
                           "create it with `canon build FILE... -o " + path + "`");
  }
  if (!fs::is_regular_file(st)) {
    return Status::IoError("cannot open " + Quote(path) + ": not a regular file");
  }
  int64_t size = static_cast<int64_t>(fs::file_size(path, ec));
  if (ec) return Status::IoError("cannot open " + Quote(path) + ": " + ec.message());
  if (size == 0) {
    return Status::Corruption(Quote(path) + " is not a canon database (the file is empty)",
                              kRebuildHint);
  }

  CANON_RETURN_IF_ERROR(CheckFileHeader(path, size));
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  DbPtr db(raw);
  if (rc != SQLITE_OK) return SqlError(raw, rc, path, "open");
  CANON_RETURN_IF_ERROR(CheckHeader(db.get(), path));
  // Read in one snapshot; nothing else should be writing, but a reader
  // must never see half of a concurrent writer's work.
  rc = sqlite3_exec(db.get(), "BEGIN", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqlError(db.get(), rc, path, "read");

  // The image, when the database has one, is the whole universe.
  std::unordered_map<std::string, int64_t> image_meta;
  CANON_RETURN_IF_ERROR(ReadMetaInts(db.get(), path, "image.", &image_meta));
  if (!image_meta.empty()) {
    Universe u;
    try {
      CANON_RETURN_IF_ERROR(LoadImage(db.get(), path, size, image_meta, &u));
    } catch (const std::bad_alloc&) {
      return Status::IoError("out of memory while reading " + Quote(path));
    }
    // Every id is still checked: a consistent checksum says the bytes are
    // those written, not that the writer was right.
    Status valid = ValidateUniverse(u);
    if (!valid.ok()) return ImageCorrupt(path, valid.message());
    u.Finalize();
    return u;
  }

  Universe u;
  Loader loader(db.get(), path, size);
  try {
    CANON_RETURN_IF_ERROR(loader.LoadAll(u));
    // Title last: meta is small and may be read any time.
    Stmt stmt;
    rc = sqlite3_prepare_v2(db.get(), "SELECT value FROM meta WHERE key = 'title'", -1, stmt.out(),
                            nullptr);
    if (rc != SQLITE_OK) return SqlError(db.get(), rc, path, "read");
    rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_ROW) {
      RowReader r(stmt.get());
      r.Text(0, u.title);
    } else if (rc != SQLITE_DONE) {
      return SqlError(db.get(), rc, path, "read");
    }
  } catch (const std::bad_alloc&) {
    return Status::IoError("out of memory while reading " + Quote(path));
  }
  Status valid = ValidateUniverse(u);
  if (!valid.ok()) return loader.Corrupt(valid.message());
  u.Finalize();
  return u;
}

}  // namespace canon
