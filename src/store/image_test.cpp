// Tests of the universe image: exact round trips over many random universes
// (resolved time included), the checksum against XXH64's published
// vectors, and damaged bytes of every kind giving Corruption, not a crash.
#include "store/image.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <optional>
#include <random>
#include <string>

#include "store/store.h"
#include "support/random_universe.h"

namespace canon {
namespace {

using testing::DiffUniverses;
using testing::RandomUniverse;
using testing::RandomUniverseOptions;

// A plausible resolved time for `u` (ranks dense, some bounds open), so the
// round trip covers ResolvedTime without running the time stage.
void FakeResolvedTime(Universe& u, uint64_t seed) {
  std::mt19937_64 gen(seed);
  const size_t n = u.points.size();
  u.time.rank.resize(n);
  u.time.earliest.resize(n);
  u.time.latest.resize(n);
  for (size_t i = 0; i < n; ++i) {
    u.time.rank[i] = static_cast<uint32_t>(gen() % (n == 0 ? 1 : n));
    int64_t lo = static_cast<int64_t>(gen() % 800000) - 100000;
    u.time.earliest[i] = gen() % 5 == 0 ? ResolvedTime::kNegInf : lo;
    u.time.latest[i] =
        gen() % 5 == 0 ? ResolvedTime::kPosInf : lo + static_cast<int64_t>(gen() % 900);
  }
  u.time.resolved = true;
}

RandomUniverseOptions Varied(uint64_t seed) {
  RandomUniverseOptions o;
  o.continuities = 1 + static_cast<int>(seed % 3);
  o.works = 2 + static_cast<int>(seed % 5);
  o.entities = 5 + static_cast<int>(seed % 40);
  o.facts = static_cast<int>(seed % 150);
  o.events = static_cast<int>(seed % 25);
  o.knowledge = static_cast<int>(seed % 15);
  o.appearances = static_cast<int>(seed % 20);
  o.implicit_constraints = seed % 2 == 0;
  o.locations = seed % 3 != 0;
  return o;
}

std::string Encode(const Universe& u) {
  std::string image;
  EncodeImage(u, &image);
  return image;
}

TEST(ImageTest, RoundTripIsExactOverManySeeds) {
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Universe u = RandomUniverse(seed, Varied(seed));
    if (seed % 2 == 1) FakeResolvedTime(u, seed);
    const std::string image = Encode(u);
    Universe back;
    Status s = DecodeImage(image, &back);
    ASSERT_TRUE(s.ok()) << s.ToString();
    ASSERT_TRUE(ValidateUniverse(back).ok()) << ValidateUniverse(back).ToString();
    back.Finalize();
    EXPECT_EQ(DiffUniverses(u, back), "");
    // Byte-identical re-encoding: every field, location and id survived
    // (DiffUniverses ignores locations and ids).
    EXPECT_EQ(Encode(back), image);
    EXPECT_EQ(back.time.resolved, u.time.resolved);
    EXPECT_EQ(back.time.rank, u.time.rank);
    EXPECT_EQ(back.time.earliest, u.time.earliest);
    EXPECT_EQ(back.time.latest, u.time.latest);
    EXPECT_EQ(back.release_order, u.release_order);
    EXPECT_EQ(back.title, u.title);
  }
}

TEST(ImageTest, KeepsOddValues) {
  Universe u = RandomUniverse(3);
  ASSERT_FALSE(u.facts.empty());
  u.title = std::string("nul \0 inside, UTF-8 \xE6\x97\xA5", 24);
  Fact& f = u.facts.back();
  f.object = Value{};
  f.object.kind = ValueKind::kNumber;
  f.object.number = -0.0;
  u.facts.front().source = std::string(70000, 'y');
  ASSERT_FALSE(u.works.empty());
  u.works[0].released = PartialDate{-40000, 12, 31, 0};
  u.works[0].runtime_minutes = -1;
  u.eras.push_back(Era{"bby", kNone, -19, -1, {}});
  Universe back;
  ASSERT_TRUE(DecodeImage(Encode(u), &back).ok());
  EXPECT_EQ(back.title, u.title);
  EXPECT_TRUE(std::signbit(back.facts.back().object.number));
  EXPECT_EQ(back.facts.front().source, u.facts.front().source);
  EXPECT_EQ(back.works[0].released, u.works[0].released);
  EXPECT_EQ(back.works[0].runtime_minutes, std::optional<int32_t>(-1));
  EXPECT_EQ(back.eras.back().epoch, -19);
  EXPECT_EQ(back.eras.back().direction, -1);
  EXPECT_EQ(back.eras.back().continuity, kNone);
}

TEST(ImageTest, EmptyUniverse) {
  Universe u;
  Universe back;
  back.title = "not empty";
  ASSERT_TRUE(DecodeImage(Encode(u), &back).ok());
  EXPECT_EQ(Encode(back), Encode(u));
  EXPECT_TRUE(back.facts.empty());
}

TEST(ImageTest, ChecksumIsXxh64) {
  // Published XXH64 test vectors, seed 0 (all code paths: < 4, 4..7, 8..31,
  // one 32-byte stripe and beyond).
  const std::pair<std::string, uint64_t> vectors[] = {
      {"", 0xef46db3751d8e999ULL},
      {"a", 0xd24ec4f1a98c6e5bULL},
      {"abc", 0x44bc2cf5ad770999ULL},
      {"1234", 0xd8316e61d84f6ba4ULL},
      {"12345678", 0xd2d02f08cf7cfd4aULL},
      {"123456789012345", 0xc377d78ade001a3cULL},
      {"1234567890123456", 0xb61c33dc6c59f270ULL},
      {"1234567890123456789012345678901", 0x8f367cb873a5376eULL},
      {"12345678901234567890123456789012", 0x40fd1aa52d98274cULL},
      {"The quick brown fox jumps over the lazy dog", 0x0b242d361fda71bcULL},
  };
  for (const auto& [text, expected] : vectors) {
    EXPECT_EQ(ImageChecksum(text), expected) << '"' << text << '"';
  }
}

TEST(ImageTest, BadHeaders) {
  const std::string image = Encode(RandomUniverse(4));
  Universe u;
  EXPECT_EQ(DecodeImage("", &u).code(), StatusCode::kCorruption);
  EXPECT_EQ(DecodeImage("CNONIMG", &u).code(), StatusCode::kCorruption);
  std::string bad = image;
  bad[0] = 'X';
  EXPECT_NE(DecodeImage(bad, &u).message().find("no image header"), std::string::npos);
  bad = image;
  bad[8] = 99;  // format version
  EXPECT_NE(DecodeImage(bad, &u).message().find("format version 99"), std::string::npos);
  bad = image;
  bad[12] = 4;  // unknown flag
  EXPECT_NE(DecodeImage(bad, &u).message().find("unknown flags"), std::string::npos);
  bad = image + "x";  // length disagrees with the header
  EXPECT_NE(DecodeImage(bad, &u).message().find("header says"), std::string::npos);
}

// Every prefix, with the header's length patched to match so the decoder
// must find the cut inside the data.
TEST(ImageTest, EveryTruncationIsCorruption) {
  Universe src = RandomUniverse(5, Varied(5));
  FakeResolvedTime(src, 5);
  const std::string image = Encode(src);
  for (size_t size = 0; size < image.size(); ++size) {
    std::string cut = image.substr(0, size);
    if (size >= 24) {
      const uint64_t n = size;
      std::memcpy(cut.data() + 16, &n, 8);  // little-endian host (x86, arm)
    }
    Universe u;
    Status s = DecodeImage(cut, &u);
    ASSERT_FALSE(s.ok()) << "decoded a truncated image of " << size << " bytes";
    EXPECT_EQ(s.code(), StatusCode::kCorruption);
  }
}

// Random bytes anywhere (the checksum is the store's business, so nothing
// stops them here): a Status or a universe, never a crash, and never an
// allocation far beyond the image (a count of 2^32 must be refused).
TEST(ImageTest, RandomDamageNeverCrashes) {
  Universe src = RandomUniverse(6, Varied(6));
  FakeResolvedTime(src, 6);
  const std::string image = Encode(src);
  std::mt19937_64 gen(777);
  int failures = 0;
  for (int round = 0; round < 2000; ++round) {
    std::string bytes = image;
    const int flips = 1 + static_cast<int>(gen() % 6);
    for (int i = 0; i < flips; ++i) {
      size_t at = 24 + gen() % (bytes.size() - 24);
      // Half the time write 0xff runs: huge counts and lengths.
      if (gen() % 2) {
        for (size_t k = at; k < std::min(bytes.size(), at + 4); ++k) bytes[k] = '\xff';
      } else {
        bytes[at] = static_cast<char>(gen());
      }
    }
    Universe u;
    Status s = DecodeImage(bytes, &u);
    if (!s.ok()) {
      ++failures;
      EXPECT_EQ(s.code(), StatusCode::kCorruption) << s.ToString();
      EXPECT_NE(s.message().find("at byte"), std::string::npos) << s.message();
    } else {
      // Decoded: ids may be anything, which ValidateUniverse must catch
      // without crashing either.
      (void)ValidateUniverse(u);
    }
  }
  EXPECT_GT(failures, 0);
}

TEST(ImageTest, HugeRowCountIsRefusedBeforeAllocating) {
  const std::string image = Encode(Universe{});
  // Layout after the 24-byte header: title (u32 length, u64 total, bytes),
  // then the files row count.
  std::string bad = image;
  const size_t files_count = 24 + 4 + 8;
  const uint32_t huge = 0xffffffffu;
  std::memcpy(bad.data() + files_count, &huge, 4);
  Universe u;
  Status s = DecodeImage(bad, &u);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("row count 4294967295 does not fit"), std::string::npos)
      << s.message();
}

TEST(ImageTest, ResolvedTimeMustCoverEveryPoint) {
  Universe u = RandomUniverse(8);
  ASSERT_FALSE(u.points.empty());
  FakeResolvedTime(u, 8);
  u.time.latest.pop_back();
  Universe back;
  Status s = DecodeImage(Encode(u), &back);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("resolved time covers"), std::string::npos) << s.message();
}

TEST(ImageTest, ValidateChecksResolvedRanks) {
  Universe u = RandomUniverse(9);
  FakeResolvedTime(u, 9);
  EXPECT_TRUE(ValidateUniverse(u).ok()) << ValidateUniverse(u).ToString();
  u.time.rank[0] = static_cast<uint32_t>(u.points.size());
  EXPECT_NE(ValidateUniverse(u).message().find("rank"), std::string::npos);
}

}  // namespace
}  // namespace canon
