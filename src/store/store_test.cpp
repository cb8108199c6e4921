// Tests of the .canondb store: random round trips, every kind of damaged
// file, and failed saves that must leave an existing database intact.
#include "store/store.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "store/image.h"
#include "support/random_universe.h"
#include "time/resolve.h"

namespace canon {
namespace {

namespace fs = std::filesystem;
using testing::DiffUniverses;
using testing::RandomUniverse;
using testing::RandomUniverseOptions;

// A fresh directory per test, removed afterwards.
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("canon_store_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(dir_, fs::perms::owner_all, ec);
    fs::remove_all(dir_, ec);
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

RandomUniverseOptions Full() {
  RandomUniverseOptions o;
  o.continuities = 3;
  o.works = 6;
  o.entities = 40;
  o.facts = 120;
  o.events = 30;
  o.knowledge = 20;
  o.counterparts = 6;
  o.implicit_constraints = true;
  return o;
}

// Runs SQL against a database file (to damage it on purpose).
void Exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  std::string msg = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << sql << ": " << msg;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// What DiffUniverses leaves out but the store must keep too: source
// locations, file names, and exact ids (element i stays element i).
std::string ExactExtras(const Universe& a, const Universe& b) {
  auto same_loc = [](const SourceLoc& x, const SourceLoc& y) {
    return x.file == y.file && x.line == y.line && x.col == y.col && x.length == y.length;
  };
  if (a.files != b.files) return "files differ";
  if (a.release_order != b.release_order) return "release order differs";
#define CANON_CHECK_LOCS(vec, key)                                                                 \
  if (a.vec.size() != b.vec.size()) return #vec " sizes differ";                                   \
  for (size_t i = 0; i < a.vec.size(); ++i) {                                                      \
    if (!same_loc(a.vec[i].loc, b.vec[i].loc)) return #vec " loc differs at " + std::to_string(i); \
    if (a.vec[i].key != b.vec[i].key) return #vec " id differs at " + std::to_string(i);           \
  }
  CANON_CHECK_LOCS(continuities, id)
  CANON_CHECK_LOCS(eras, id)
  CANON_CHECK_LOCS(works, path)
  CANON_CHECK_LOCS(entities, id)
  CANON_CHECK_LOCS(predicates, name)
  CANON_CHECK_LOCS(facts, label)
  CANON_CHECK_LOCS(events, id)
  CANON_CHECK_LOCS(knowledge, who)
  CANON_CHECK_LOCS(appearances, entity)
  CANON_CHECK_LOCS(lint_settings, rule)
  // (The macro's own loop variable is `i`: the owners' is `k`.)
  for (size_t k = 0; k < a.events.size(); ++k) {
    CANON_CHECK_LOCS(events[k].uses, who)
    CANON_CHECK_LOCS(events[k].allows, rule)
  }
  for (size_t k = 0; k < a.facts.size(); ++k) {
    CANON_CHECK_LOCS(facts[k].allows, rule)
  }
  for (size_t k = 0; k < a.appearances.size(); ++k) {
    CANON_CHECK_LOCS(appearances[k].allows, rule)
    if (a.appearances[k].time != b.appearances[k].time) {
      return "appearance point ids differ at " + std::to_string(k);
    }
  }
#undef CANON_CHECK_LOCS
  if (a.points.size() != b.points.size()) return "points sizes differ";
  for (size_t i = 0; i < a.points.size(); ++i) {
    const auto& ca = a.points[i].constraints;
    const auto& cb = b.points[i].constraints;
    if (ca.size() != cb.size()) return "constraint count differs at point " + std::to_string(i);
    for (size_t j = 0; j < ca.size(); ++j) {
      if (!same_loc(ca[j].loc, cb[j].loc))
        return "constraint loc differs at point " + std::to_string(i);
    }
  }
  for (size_t i = 0; i < a.facts.size(); ++i) {
    if (a.facts[i].start != b.facts[i].start || a.facts[i].end != b.facts[i].end) {
      return "fact point ids differ at " + std::to_string(i);
    }
  }
  return "";
}

// Writes `bytes` to `path` and loads it: a damaged file must give Corruption
// or IoError, or (damage in unused space) a universe that validates.
// Returns whether the load failed.
bool LoadOfDamagedFileFails(const std::string& path, const std::string& bytes) {
  WriteBytes(path, bytes);
  Result<Universe> r = LoadUniverse(path);
  if (!r.ok()) {
    EXPECT_TRUE(r.status().code() == StatusCode::kCorruption ||
                r.status().code() == StatusCode::kIoError)
        << r.status().ToString();
    return true;
  }
  EXPECT_TRUE(ValidateUniverse(*r).ok());
  return false;
}

TEST_F(StoreTest, RoundTripsAFullUniverseExactly) {
  Universe u = RandomUniverse(42, Full());
  ASSERT_TRUE(ValidateUniverse(u).ok()) << ValidateUniverse(u).ToString();
  const std::string path = Path("u.canondb");
  Status s = SaveUniverse(u, path);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_FALSE(fs::exists(path + ".tmp"));
  Result<Universe> loaded = LoadUniverse(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(DiffUniverses(u, *loaded), "");
  EXPECT_EQ(ExactExtras(u, *loaded), "");
  // Lookups work: Finalize() ran.
  ASSERT_FALSE(u.entities.empty());
  const Entity& e = u.entities.back();
  EXPECT_EQ(loaded->FindEntity(e.continuity, e.id), u.entities.size() - 1);
  EXPECT_EQ(loaded->title, u.title);
}

TEST_F(StoreTest, RoundTripsAnEmptyUniverse) {
  Universe u;
  u.Finalize();
  const std::string path = Path("empty.canondb");
  ASSERT_TRUE(SaveUniverse(u, path).ok());
  Result<Universe> loaded = LoadUniverse(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(DiffUniverses(u, *loaded), "");
}

TEST_F(StoreTest, RoundTripKeepsOddStringsAndNumbers) {
  Universe u = RandomUniverse(7);
  ASSERT_FALSE(u.facts.empty());
  u.title = std::string("quote \" backslash \\ nul-free UTF-8 \xE6\x97\xA5\xE6\x9C\xAC\n tab\t");
  u.facts[0].source = std::string(100000, 'x');  // a long text
  Fact& f = u.facts.back();
  f.object = Value{};
  f.object.kind = ValueKind::kNumber;
  f.object.number = -0.1;
  f.predicate = u.FindPredicate("age");
  u.Finalize();
  const std::string path = Path("odd.canondb");
  ASSERT_TRUE(SaveUniverse(u, path).ok());
  Result<Universe> loaded = LoadUniverse(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(DiffUniverses(u, *loaded), "");
  EXPECT_EQ(loaded->facts.back().object.number, -0.1);
}

RC_GTEST_PROP(StoreProperty, SaveThenLoadIsIdentity, ()) {
  const Universe u = *testing::GenUniverse();
  const std::string path =
      (fs::temp_directory_path() / ("canon_store_prop_" + std::to_string(::getpid()) + ".canondb"))
          .string();
  Status s = SaveUniverse(u, path);
  RC_ASSERT(s.ok());
  Result<Universe> loaded = LoadUniverse(path);
  fs::remove(path);
  RC_ASSERT(loaded.ok());
  const std::string diff = DiffUniverses(u, *loaded);
  RC_ASSERT(diff == "");
  RC_ASSERT(ExactExtras(u, *loaded) == "");
}

RC_GTEST_PROP(StoreProperty, RoundTripWithImplicitConstraints, (uint64_t seed)) {
  RandomUniverseOptions o;
  o.implicit_constraints = true;
  o.locations = *rc::gen::arbitrary<bool>();
  const Universe u = RandomUniverse(seed, o);
  const std::string path =
      (fs::temp_directory_path() / ("canon_store_prop2_" + std::to_string(::getpid()) + ".canondb"))
          .string();
  RC_ASSERT(SaveUniverse(u, path).ok());
  Result<Universe> loaded = LoadUniverse(path);
  fs::remove(path);
  RC_ASSERT(loaded.ok());
  RC_ASSERT(DiffUniverses(u, *loaded) == "");
  RC_ASSERT(ExactExtras(u, *loaded) == "");
}

TEST_F(StoreTest, SaveReplacesAnExistingDatabase) {
  const std::string path = Path("u.canondb");
  Universe a = RandomUniverse(1), b = RandomUniverse(2);
  ASSERT_TRUE(SaveUniverse(a, path).ok());
  ASSERT_TRUE(SaveUniverse(b, path).ok());
  Result<Universe> loaded = LoadUniverse(path);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(DiffUniverses(b, *loaded), "");
  EXPECT_FALSE(fs::exists(path + ".tmp"));
}

TEST_F(StoreTest, SaveRemovesAStaleTempFile) {
  const std::string path = Path("u.canondb");
  WriteBytes(path + ".tmp", "leftover of a crashed build");
  ASSERT_TRUE(SaveUniverse(RandomUniverse(1), path).ok());
  EXPECT_TRUE(LoadUniverse(path).ok());
  EXPECT_FALSE(fs::exists(path + ".tmp"));
}

// --- damaged and foreign files -------------------------------------------

// These damage the rows, so the database is written without an image (with
// one, the rows are not read on load; ImageStoreTest damages images).
class DamagedStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    path_ = Path("u.canondb");
    u_ = RandomUniverse(99, Full());
    SaveOptions rows_only;
    rows_only.image = false;
    Status s = SaveUniverse(u_, path_, rows_only);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  // Loads and expects failure with `code` and a message containing `part`.
  void ExpectFailure(StatusCode code, const std::string& part) {
    Result<Universe> r = LoadUniverse(path_);
    ASSERT_FALSE(r.ok()) << "loaded a damaged file";
    EXPECT_EQ(r.status().code(), code) << r.status().ToString();
    EXPECT_NE(r.status().message().find(part), std::string::npos)
        << "message: " << r.status().message() << "\nexpected to contain: " << part;
  }

  std::string path_;
  Universe u_;
};

TEST_F(DamagedStoreTest, MissingFileIsAnIoError) {
  path_ = Path("nope.canondb");
  ExpectFailure(StatusCode::kIoError, "no such file");
}

TEST_F(DamagedStoreTest, DirectoryIsAnIoError) {
  path_ = dir_.string();
  ExpectFailure(StatusCode::kIoError, "not a regular file");
}

TEST_F(DamagedStoreTest, EmptyFileIsNotADatabase) {
  WriteBytes(path_, "");
  ExpectFailure(StatusCode::kCorruption, "empty");
}

TEST_F(DamagedStoreTest, RandomBytesAreNotADatabase) {
  std::mt19937 gen(3);
  std::string junk(20000, '\0');
  for (char& c : junk) c = static_cast<char>(gen());
  WriteBytes(path_, junk);
  ExpectFailure(StatusCode::kCorruption, "not a canon database");
  Result<Universe> r = LoadUniverse(path_);
  EXPECT_NE(r.status().hint().find("canon build"), std::string::npos);
}

TEST_F(DamagedStoreTest, CanonSourceTextIsNotADatabase) {
  WriteBytes(path_, "universe \"x\"\ncontinuity a \"A\"\n");
  ExpectFailure(StatusCode::kCorruption, "not a canon database");
}

TEST_F(DamagedStoreTest, ForeignSqliteFileIsRecognised) {
  fs::remove(path_);
  Exec(path_, "CREATE TABLE t(x); INSERT INTO t VALUES(1);");
  ExpectFailure(StatusCode::kCorruption, "not a canon database (SQLite application_id 0x00000000)");
}

TEST_F(DamagedStoreTest, WrongApplicationId) {
  Exec(path_, "PRAGMA application_id = 12345;");
  ExpectFailure(StatusCode::kCorruption, "not a canon database");
}

TEST_F(DamagedStoreTest, NewerSchemaVersion) {
  Exec(path_, "PRAGMA user_version = " + std::to_string(kSchemaVersion + 1) + ";");
  ExpectFailure(StatusCode::kCorruption, "newer canon");
  Result<Universe> r = LoadUniverse(path_);
  EXPECT_NE(r.status().hint().find("rebuild it with `canon build`"), std::string::npos);
}

TEST_F(DamagedStoreTest, OlderSchemaVersion) {
  Exec(path_, "PRAGMA user_version = 0;");
  ExpectFailure(StatusCode::kCorruption, "schema version 0");
}

// Version 2 files (before the image) are rejected, not read without one.
TEST_F(DamagedStoreTest, Version2FileIsRejectedWithTheRebuildHint) {
  Exec(path_, "PRAGMA user_version = 2; UPDATE meta SET value = 2 WHERE key = 'schema_version';");
  ExpectFailure(StatusCode::kCorruption,
                "has schema version 2, which this canon no longer reads (it reads version 3)");
  EXPECT_EQ(LoadUniverse(path_).status().hint(), "rebuild it with `canon build`");
}

TEST_F(DamagedStoreTest, MetaDisagreesWithHeader) {
  Exec(path_, "UPDATE meta SET value = 7 WHERE key = 'schema_version';");
  ExpectFailure(StatusCode::kCorruption, "disagrees");
}

TEST_F(DamagedStoreTest, DanglingFactSubject) {
  Exec(path_, "UPDATE facts SET subject = 99999 WHERE id = 3;");
  ExpectFailure(StatusCode::kCorruption, "table `facts`, id 3: subject 99999 is out of range");
}

TEST_F(DamagedStoreTest, DanglingPointInConstraint) {
  Exec(path_,
       "UPDATE constraints SET anchor_kind = 0, anchor_point = 4000000 "
       "WHERE point = (SELECT min(point) FROM constraints) AND idx = 0;");
  ExpectFailure(StatusCode::kCorruption, "anchor_point 4000000 is out of range");
}

TEST_F(DamagedStoreTest, RequiredIdIsNull) {
  Exec(path_,
       "UPDATE facts SET object_entity = NULL WHERE id = "
       "(SELECT min(id) FROM facts WHERE object_kind = 0);");
  ExpectFailure(StatusCode::kCorruption, "object_entity is missing");
}

TEST_F(DamagedStoreTest, NegativeId) {
  Exec(path_, "UPDATE facts SET predicate = -5 WHERE id = 0;");
  ExpectFailure(StatusCode::kCorruption, "table `facts`, id 0: column `predicate` holds -5");
}

TEST_F(DamagedStoreTest, ChildRowOfMissingOwner) {
  Exec(path_, "INSERT INTO fact_reveals VALUES(1000000, 0, 0, 0, 0, 0);");
  ExpectFailure(StatusCode::kCorruption, "table `fact_reveals`, fact 1000000: no such row");
}

TEST_F(DamagedStoreTest, DanglingAppearanceAndUse) {
  ASSERT_FALSE(u_.appearances.empty());
  Exec(path_, "UPDATE appearances SET entity = 77777 WHERE id = 0;");
  ExpectFailure(StatusCode::kCorruption, "table `appearances`, id 0: entity 77777 is out of range");
}

TEST_F(DamagedStoreTest, BadLintAllowOwner) {
  Exec(path_, "INSERT INTO lint_allows VALUES(2, 999999, 0, 'dead-acts', 'why', NULL, 0, 0, 0);");
  ExpectFailure(StatusCode::kCorruption, "no such row in `appearances`");
  Exec(path_, "UPDATE lint_allows SET owner_kind = 7 WHERE owner = 999999;");
  ExpectFailure(StatusCode::kCorruption, "column `owner_kind` holds 7");
}

TEST_F(DamagedStoreTest, AppearancePointOwner) {
  Exec(path_, "UPDATE points SET owner_kind = 6, owner = 123456 WHERE id = 0;");
  ExpectFailure(StatusCode::kCorruption, "owner 123456 is out of range (appearances has");
}

TEST_F(DamagedStoreTest, BadEnumValue) {
  Exec(path_, "UPDATE works SET kind = 42 WHERE id = 0;");
  ExpectFailure(StatusCode::kCorruption, "column `kind` holds 42");
}

TEST_F(DamagedStoreTest, TextWhereANumberBelongs) {
  Exec(path_, "UPDATE entities SET kind = 'character' WHERE id = 1;");
  ExpectFailure(StatusCode::kCorruption,
                "table `entities`, id 1: column `kind` holds a non-integer");
}

TEST_F(DamagedStoreTest, ImpossibleDate) {
  Exec(path_,
       "UPDATE constraints SET date_month = 2, date_day = 30 "
       "WHERE point = (SELECT min(point) FROM constraints);");
  ExpectFailure(StatusCode::kCorruption, "is not a valid date");
}

TEST_F(DamagedStoreTest, WorkTreeCycle) {
  // Make a root the child of its own first child.
  WorkId root = 0;
  while (root < u_.works.size() &&
         (u_.works[root].parent != kNone || u_.works[root].children.empty())) {
    ++root;
  }
  ASSERT_LT(root, u_.works.size());
  WorkId child = u_.works[root].children[0];
  Exec(path_, "UPDATE works SET parent = " + std::to_string(child) +
                  ", sibling_index = " + std::to_string(u_.works[child].children.size()) +
                  " WHERE id = " + std::to_string(root) + ";");
  ExpectFailure(StatusCode::kCorruption, "is its own ancestor");
}

TEST_F(DamagedStoreTest, SiblingIndexClash) {
  const Work* parent = nullptr;
  for (const Work& w : u_.works) {
    if (w.children.size() >= 2) parent = &w;
  }
  ASSERT_NE(parent, nullptr);
  Exec(path_, "UPDATE works SET sibling_index = 0 WHERE id = " +
                  std::to_string(parent->children[1]) + ";");
  ExpectFailure(StatusCode::kCorruption, "sibling_index 0 is not a free position");
}

TEST_F(DamagedStoreTest, GapInIds) {
  Exec(path_, "DELETE FROM entities WHERE id = 2;");
  ExpectFailure(StatusCode::kCorruption, "ids are not dense: expected id 2");
}

TEST_F(DamagedStoreTest, MissingRowsAreNoticed) {
  Exec(path_, "DELETE FROM fact_reveals WHERE fact = (SELECT max(fact) FROM fact_reveals);");
  ExpectFailure(StatusCode::kCorruption, "table `fact_reveals` has");
}

TEST_F(DamagedStoreTest, MissingTable) {
  Exec(path_, "DROP TABLE knowledge_reveals;");
  ExpectFailure(StatusCode::kCorruption, "knowledge_reveals");
}

TEST_F(DamagedStoreTest, MissingColumn) {
  Exec(path_, "ALTER TABLE events DROP COLUMN source;");
  ExpectFailure(StatusCode::kCorruption, "not a canon database of this version");
}

TEST_F(DamagedStoreTest, TruncatedFiles) {
  const std::string full = ReadBytes(path_);
  ASSERT_GT(full.size(), 8192u);
  for (size_t size : {size_t{1}, size_t{50}, size_t{100}, size_t{4096}, full.size() / 3,
                      full.size() / 2, full.size() - 4096, full.size() - 1}) {
    WriteBytes(path_, full.substr(0, size));
    Result<Universe> r = LoadUniverse(path_);
    ASSERT_FALSE(r.ok()) << "truncated to " << size << " bytes of " << full.size();
    EXPECT_TRUE(r.status().code() == StatusCode::kCorruption ||
                r.status().code() == StatusCode::kIoError)
        << r.status().ToString();
    EXPECT_FALSE(r.status().hint().empty()) << r.status().ToString();
  }
}

// Flipping random bytes anywhere must give a Status (or, if the damage hit
// unused space, the same universe), never a crash.
TEST_F(DamagedStoreTest, RandomDamageNeverCrashes) {
  const std::string full = ReadBytes(path_);
  std::mt19937_64 gen(12345);
  int failures = 0;
  for (int round = 0; round < 300; ++round) {
    std::string bytes = full;
    int flips = 1 + static_cast<int>(gen() % 8);
    for (int i = 0; i < flips; ++i) {
      // Skip the first 100 bytes half the time, to reach the b-trees.
      size_t lo = (gen() % 2) ? 100 : 0;
      bytes[lo + gen() % (bytes.size() - lo)] = static_cast<char>(gen());
    }
    if (LoadOfDamagedFileFails(path_, bytes)) ++failures;
  }
  EXPECT_GT(failures, 0);
}

// --- the image -----------------------------------------------------------

// The image's chunks, in order.
std::vector<std::string> ReadChunks(const std::string& path) {
  std::vector<std::string> chunks;
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT data FROM image ORDER BY chunk", -1, &st, nullptr),
            SQLITE_OK);
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char* p = static_cast<const char*>(sqlite3_column_blob(st, 0));
    chunks.emplace_back(p, static_cast<size_t>(sqlite3_column_bytes(st, 0)));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return chunks;
}

// Replaces chunk `chunk`'s bytes.
void WriteChunk(const std::string& path, int chunk, const std::string& bytes) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "UPDATE image SET data = ?1 WHERE chunk = ?2", -1, &st, nullptr),
            SQLITE_OK);
  sqlite3_bind_blob(st, 1, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 2, chunk);
  EXPECT_EQ(sqlite3_step(st), SQLITE_DONE);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

// Replaces the whole image by `image` in one chunk, with matching meta
// (length, checksum): damage that only the decoder and validator can see.
void ReplaceImage(const std::string& path, const std::string& image) {
  Exec(path,
       "DELETE FROM image; INSERT INTO image VALUES(0, x'00');"
       "UPDATE meta SET value = 1 WHERE key = 'image.chunks';"
       "UPDATE meta SET value = " +
           std::to_string(image.size()) +
           " WHERE key = 'image.bytes';"
           "UPDATE meta SET value = " +
           std::to_string(static_cast<int64_t>(ImageChecksum(image))) +
           " WHERE key = 'image.checksum';");
  WriteChunk(path, 0, image);
}

std::string ImageOf(const Universe& u) {
  std::string image;
  EncodeImage(u, &image);
  return image;
}

// A database with a resolved universe, its image in 4 KiB chunks.
class ImageStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    path_ = Path("u.canondb");
    u_ = RandomUniverse(99, Full());
    DiagnosticSink sink;
    ResolveStoryTime(u_, sink);
    ASSERT_FALSE(sink.has_errors());
    ASSERT_TRUE(u_.time.resolved);
    SaveOptions small;
    small.image_chunk_bytes = 4096;
    Status s = SaveUniverse(u_, path_, small);
    ASSERT_TRUE(s.ok()) << s.ToString();
    chunks_ = ReadChunks(path_);
    ASSERT_GE(chunks_.size(), 3u);
  }
  void ExpectFailure(const std::string& part) {
    Result<Universe> r = LoadUniverse(path_);
    ASSERT_FALSE(r.ok()) << "loaded a damaged file";
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << r.status().ToString();
    EXPECT_NE(r.status().message().find(part), std::string::npos)
        << "message: " << r.status().message() << "\nexpected to contain: " << part;
    EXPECT_NE(r.status().message().find("image"), std::string::npos) << r.status().message();
    EXPECT_EQ(r.status().hint(), "rebuild it with `canon build`");
  }

  std::string path_;
  Universe u_;
  std::vector<std::string> chunks_;
};

TEST_F(ImageStoreTest, ResolvedTimeSurvives) {
  Result<Universe> r = LoadUniverse(path_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(DiffUniverses(u_, *r), "");
  EXPECT_EQ(ExactExtras(u_, *r), "");
  EXPECT_TRUE(r->time.resolved);
  EXPECT_EQ(r->time.rank, u_.time.rank);
  EXPECT_EQ(r->time.earliest, u_.time.earliest);
  EXPECT_EQ(r->time.latest, u_.time.latest);
  EXPECT_EQ(ImageOf(*r), ImageOf(u_));
  // Resolving again changes nothing: skipping it on load is safe.
  Universe again = *r;
  DiagnosticSink sink;
  ResolveStoryTime(again, sink);
  EXPECT_FALSE(sink.has_errors());
  EXPECT_EQ(ImageOf(again), ImageOf(*r));
}

// The image and the rows are two encodings of one universe.
TEST_F(StoreTest, ImageAndRowsLoadTheSameUniverse) {
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    RandomUniverseOptions o = seed % 2 ? Full() : RandomUniverseOptions{};
    o.locations = seed % 3 != 0;
    Universe u = RandomUniverse(seed, o);
    const std::string with = Path("with.canondb"), without = Path("without.canondb");
    SaveOptions rows_only;
    rows_only.image = false;
    SaveOptions tiny_chunks;
    tiny_chunks.image_chunk_bytes = 1 + seed * 97;
    ASSERT_TRUE(SaveUniverse(u, with, tiny_chunks).ok());
    ASSERT_TRUE(SaveUniverse(u, without, rows_only).ok());
    Result<Universe> a = LoadUniverse(with);
    Result<Universe> b = LoadUniverse(without);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    EXPECT_EQ(DiffUniverses(*a, *b), "");
    EXPECT_EQ(ExactExtras(*a, *b), "");
    EXPECT_EQ(ImageOf(*a), ImageOf(*b));
    EXPECT_EQ(ImageOf(*a), ImageOf(u));
    EXPECT_FALSE(a->time.resolved);
  }
}

TEST_F(ImageStoreTest, RowsOnlyDatabaseLoadsUnresolved) {
  SaveOptions rows_only;
  rows_only.image = false;
  ASSERT_TRUE(SaveUniverse(u_, path_, rows_only).ok());
  Result<Universe> r = LoadUniverse(path_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->time.resolved);
  EXPECT_EQ(DiffUniverses(u_, *r), "");
}

TEST_F(ImageStoreTest, FlippedByteIsACheckumMismatch) {
  for (size_t c : {size_t{0}, chunks_.size() / 2, chunks_.size() - 1}) {
    std::string bytes = chunks_[c];
    bytes[bytes.size() / 2] ^= 0x20;
    WriteChunk(path_, static_cast<int>(c), bytes);
    ExpectFailure("checksum mismatch");
    WriteChunk(path_, static_cast<int>(c), chunks_[c]);
  }
  EXPECT_TRUE(LoadUniverse(path_).ok());
}

TEST_F(ImageStoreTest, TruncatedChunk) {
  WriteChunk(path_, 1, chunks_[1].substr(0, 100));
  ExpectFailure("its chunks hold");
}

TEST_F(ImageStoreTest, LongerChunk) {
  WriteChunk(path_, 0, chunks_[0] + "xx");
  ExpectFailure("more than the");
}

TEST_F(ImageStoreTest, MissingChunk) {
  Exec(path_, "DELETE FROM image WHERE chunk = 1;");
  ExpectFailure("chunk 1 of " + std::to_string(chunks_.size()) + " is missing");
}

TEST_F(ImageStoreTest, ExtraChunk) {
  Exec(path_, "INSERT INTO image VALUES(1000, x'00');");
  ExpectFailure("table `image` has");
}

TEST_F(ImageStoreTest, WrongLengthInMeta) {
  Exec(path_, "UPDATE meta SET value = value - 1 WHERE key = 'image.bytes';");
  ExpectFailure("more than the");
  Exec(path_, "UPDATE meta SET value = value + 2 WHERE key = 'image.bytes';");
  ExpectFailure("its chunks hold");
  Exec(path_, "UPDATE meta SET value = 1000000000000 WHERE key = 'image.bytes';");
  ExpectFailure("impossible in a file");
  Exec(path_, "UPDATE meta SET value = 'many' WHERE key = 'image.bytes';");
  ExpectFailure("meta `image.bytes` is not an integer");
}

TEST_F(ImageStoreTest, WrongChecksumInMeta) {
  Exec(path_, "UPDATE meta SET value = value + 1 WHERE key = 'image.checksum';");
  ExpectFailure("checksum mismatch");
}

TEST_F(ImageStoreTest, OtherImageFormat) {
  Exec(path_, "UPDATE meta SET value = 2 WHERE key = 'image.format';");
  ExpectFailure("format version 2");
}

TEST_F(ImageStoreTest, MissingMetaKey) {
  Exec(path_, "DELETE FROM meta WHERE key = 'image.checksum';");
  ExpectFailure("meta has no `image.checksum`");
}

TEST_F(ImageStoreTest, ImageDisagreesWithRowCounts) {
  Exec(path_, "UPDATE meta SET value = value + 1 WHERE key = 'rows.facts';");
  ExpectFailure(std::to_string(u_.facts.size()) + " facts but table `facts` has");
}

// A consistent checksum over wrong content (a canon bug, or deliberate
// editing): the decoder and ValidateUniverse still refuse bad ids.
TEST_F(ImageStoreTest, BadIdWithAValidChecksum) {
  Universe bad = u_;
  ASSERT_GT(bad.facts.size(), 3u);
  bad.facts[3].subject = 99999;
  ReplaceImage(path_, ImageOf(bad));
  ExpectFailure("table `facts`, id 3: subject 99999 is out of range");
}

TEST_F(ImageStoreTest, DamageWithAValidChecksumNeverCrashes) {
  std::string image;
  for (const std::string& c : chunks_) image += c;
  std::mt19937_64 gen(4242);
  int failures = 0;
  for (int round = 0; round < 150; ++round) {
    std::string bytes = image;
    for (int i = 0, n = 1 + static_cast<int>(gen() % 4); i < n; ++i) {
      bytes[24 + gen() % (bytes.size() - 24)] = static_cast<char>(gen());
    }
    ReplaceImage(path_, bytes);
    Result<Universe> r = LoadUniverse(path_);
    if (!r.ok()) {
      ++failures;
      EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << r.status().ToString();
    } else {
      EXPECT_TRUE(ValidateUniverse(*r).ok());
    }
  }
  EXPECT_GT(failures, 0);
}

TEST_F(ImageStoreTest, TruncatedFiles) {
  const std::string full = ReadBytes(path_);
  for (size_t size : {size_t{100}, size_t{4096}, full.size() / 3, full.size() / 2,
                      full.size() - 4096, full.size() - 1}) {
    WriteBytes(path_, full.substr(0, size));
    Result<Universe> r = LoadUniverse(path_);
    ASSERT_FALSE(r.ok()) << "truncated to " << size << " bytes of " << full.size();
    EXPECT_TRUE(r.status().code() == StatusCode::kCorruption ||
                r.status().code() == StatusCode::kIoError)
        << r.status().ToString();
  }
}

TEST_F(ImageStoreTest, RandomFileDamageNeverCrashes) {
  const std::string full = ReadBytes(path_);
  std::mt19937_64 gen(999);
  int failures = 0;
  for (int round = 0; round < 200; ++round) {
    std::string bytes = full;
    for (int i = 0, n = 1 + static_cast<int>(gen() % 8); i < n; ++i) {
      bytes[100 + gen() % (bytes.size() - 100)] = static_cast<char>(gen());
    }
    if (LoadOfDamagedFileFails(path_, bytes)) ++failures;
  }
  EXPECT_GT(failures, 0);
}

// --- failed saves --------------------------------------------------------

class FailedSaveTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    path_ = Path("u.canondb");
    old_ = RandomUniverse(5);
    ASSERT_TRUE(SaveUniverse(old_, path_).ok());
    old_bytes_ = ReadBytes(path_);
  }
  // The old database is untouched and still loads.
  void ExpectOldIntact() {
    EXPECT_EQ(ReadBytes(path_), old_bytes_);
    Result<Universe> r = LoadUniverse(path_);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(DiffUniverses(old_, *r), "");
  }

  std::string path_;
  Universe old_;
  std::string old_bytes_;
};

TEST_F(FailedSaveTest, InconsistentUniverseIsRefused) {
  Universe bad = RandomUniverse(6);
  ASSERT_FALSE(bad.facts.empty());
  bad.facts[0].subject = 123456;
  Status s = SaveUniverse(bad, path_);
  EXPECT_EQ(s.code(), StatusCode::kInternal) << s.ToString();
  EXPECT_NE(s.message().find("table `facts`, id 0: subject 123456 is out of range"),
            std::string::npos)
      << s.message();
  ExpectOldIntact();
  EXPECT_FALSE(fs::exists(path_ + ".tmp"));
}

TEST_F(FailedSaveTest, TempFileCannotBeCreated) {
  // A non-empty directory where the temp file should go.
  fs::create_directories(path_ + ".tmp/blocker");
  Status s = SaveUniverse(RandomUniverse(6), path_);
  EXPECT_EQ(s.code(), StatusCode::kIoError) << s.ToString();
  ExpectOldIntact();
}

TEST_F(FailedSaveTest, DirectoryNotWritable) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
  fs::permissions(dir_, fs::perms::owner_read | fs::perms::owner_exec);
  Status s = SaveUniverse(RandomUniverse(6), path_);
  fs::permissions(dir_, fs::perms::owner_all);
  EXPECT_EQ(s.code(), StatusCode::kIoError) << s.ToString();
  ExpectOldIntact();
}

// The disk "fills up" in the middle of writing: the file size limit makes
// SQLite's writes fail part way through.
TEST_F(FailedSaveTest, WriteFailsMidway) {
  RandomUniverseOptions o = Full();
  o.facts = 20000;
  Universe big = RandomUniverse(8, o);
  struct rlimit old_limit;
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
  struct rlimit limit = old_limit;
  limit.rlim_cur = 256 * 1024;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limit), 0);
  Status s = SaveUniverse(big, path_);
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  ::signal(SIGXFSZ, old_handler);
  EXPECT_EQ(s.code(), StatusCode::kIoError) << s.ToString();
  ExpectOldIntact();
  EXPECT_FALSE(fs::exists(path_ + ".tmp"));
}

TEST_F(FailedSaveTest, RefusesToOverwriteANonDatabase) {
  const std::string source = Path("universe.canon");
  WriteBytes(source, "universe \"mine\"\n");
  Status s = SaveUniverse(RandomUniverse(6), source);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
  EXPECT_EQ(ReadBytes(source), "universe \"mine\"\n");
  ExpectOldIntact();
}

TEST_F(FailedSaveTest, PathIsADirectory) {
  Status s = SaveUniverse(RandomUniverse(6), dir_.string());
  EXPECT_EQ(s.code(), StatusCode::kIoError) << s.ToString();
  ExpectOldIntact();
}

TEST_F(FailedSaveTest, MissingDirectory) {
  Status s = SaveUniverse(RandomUniverse(6), Path("no/such/dir/u.canondb"));
  EXPECT_EQ(s.code(), StatusCode::kIoError) << s.ToString();
  ExpectOldIntact();
}

}  // namespace
}  // namespace canon
