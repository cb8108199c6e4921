// IndexSnapshot: flat binary save/load of a FactIndex.
#include "index/snapshot.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace canon {
namespace {

constexpr char kMagic[4] = {'C', 'N', 'I', 'X'};
// Version 2: 16-byte entries without `other`, no per-point or per-fact key
// columns, pair runs as 4-byte entry positions (version 1 files are
// rejected with a hint to rebuild).
constexpr uint32_t kVersion = 2;

struct Header {
  char magic[4];
  uint32_t version;
  uint64_t fingerprint;
  uint64_t counts[12];
};

uint64_t Mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
  return h * 0xff51afd7ed558ccdull;
}

class Writer {
 public:
  explicit Writer(std::FILE* f) : f_(f) {}
  bool Put(const void* p, size_t n) {
    if (n != 0 && std::fwrite(p, 1, n, f_) != n) return false;
    off_ += n;
    static const char kZeros[64] = {};
    const size_t pad = (64 - off_ % 64) % 64;
    if (pad != 0 && std::fwrite(kZeros, 1, pad, f_) != pad) return false;
    off_ += pad;
    return true;
  }
  template <typename V>
  bool Array(const V& v) {
    return Put(v.data(), v.size() * sizeof(v[0]));
  }

 private:
  std::FILE* f_;
  size_t off_ = 0;
};

class Reader {
 public:
  explicit Reader(std::FILE* f) : f_(f) {}
  bool Get(void* p, size_t n) {
    if (n != 0 && std::fread(p, 1, n, f_) != n) return false;
    off_ += n;
    const size_t pad = (64 - off_ % 64) % 64;
    char skip[64];
    if (pad != 0 && std::fread(skip, 1, pad, f_) != pad) return false;
    off_ += pad;
    return true;
  }
  template <typename V>
  bool Array(V& v, uint64_t n) {
    if (n > (uint64_t{1} << 40) / sizeof(v[0])) return false;
    v.resize(n);
    return Get(v.data(), n * sizeof(v[0]));
  }

 private:
  std::FILE* f_;
  size_t off_ = 0;
};

}  // namespace

uint64_t IndexSnapshot::Fingerprint(const Universe& u) {
  uint64_t h = 0x434E4958;
  h = Mix(h, u.facts.size());
  h = Mix(h, u.points.size());
  h = Mix(h, u.works.size());
  h = Mix(h, u.entities.size());
  h = Mix(h, u.events.size());
  h = Mix(h, u.release_order.size());
  for (uint32_t r : u.time.rank) h = Mix(h, r);
  for (const Fact& f : u.facts) h = Mix(Mix(h, f.subject), f.predicate);
  return h;
}

Status IndexSnapshot::Save(const FactIndex& ix, const std::string& path) {
  const std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) {
    return Status::IoError("cannot write `" + tmp + "`: " + std::strerror(errno));
  }
  Header h{};
  std::memcpy(h.magic, kMagic, 4);
  h.version = kVersion;
  h.fingerprint = Fingerprint(*ix.u_);
  // counts[1..2] held the dropped key columns in version 1; kept zero.
  const uint64_t counts[12] = {ix.complex_pos_.size(),
                               0,
                               0,
                               ix.runs_.size(),
                               ix.entries_.size(),
                               ix.hubs_.size(),
                               ix.checkpoints_.size(),
                               ix.active_.size(),
                               ix.pair_keys_.size(),
                               ix.pair_offsets_.size(),
                               ix.pair_entries_.size(),
                               ix.complex_facts_};
  std::memcpy(h.counts, counts, sizeof counts);
  Writer w(f);
  bool ok = w.Put(&h, sizeof h) && w.Array(ix.runs_) && w.Array(ix.entries_) && w.Array(ix.hubs_) &&
            w.Array(ix.checkpoints_) && w.Array(ix.active_) && w.Array(ix.pair_keys_) &&
            w.Array(ix.pair_offsets_) && w.Array(ix.pair_entries_) && w.Array(ix.complex_pos_);
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) {
    std::remove(tmp.c_str());
    return Status::IoError("cannot write `" + path + "` (disk full?)");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status::IoError("cannot rename `" + tmp + "` to `" + path + "`: " + ec.message());
  return Status::Ok();
}

Result<std::unique_ptr<FactIndex>> IndexSnapshot::Load(const std::string& path, const Universe& u) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return Status::IoError("cannot open `" + path + "`: " + std::strerror(errno));
  }
  std::setvbuf(f, nullptr, _IONBF, 0);  // large reads go straight to our buffers
  const std::string rebuild = "rebuild the index from the universe";
  Header h{};
  Reader r(f);
  if (!r.Get(&h, sizeof h) || std::memcmp(h.magic, kMagic, 4) != 0) {
    std::fclose(f);
    return Status::Corruption("`" + path + "` is not a canon index snapshot", rebuild);
  }
  if (h.version != kVersion) {
    std::fclose(f);
    return Status::Corruption("`" + path + "` has snapshot version " + std::to_string(h.version) +
                                  ", expected " + std::to_string(kVersion),
                              rebuild);
  }
  if (h.fingerprint != Fingerprint(u)) {
    std::fclose(f);
    return Status::Corruption("`" + path + "` was built from a different universe", rebuild);
  }
  std::unique_ptr<FactIndex> ix(new FactIndex());
  ix->u_ = &u;
  ix->played_by_ = u.FindPredicate("played_by");
  const uint64_t* c = h.counts;
  // Damaged counts must not drive a huge allocation: the arrays cannot hold
  // more bytes than the file does.
  {
    std::error_code ec;
    const uintmax_t file_bytes = std::filesystem::file_size(path, ec);
    const long double need =
        static_cast<long double>(c[3]) * sizeof(FactIndex::Run) +
        static_cast<long double>(c[4]) * sizeof(FactIndex::Entry) +
        static_cast<long double>(c[5]) * sizeof(FactIndex::Hub) +
        static_cast<long double>(c[6]) * sizeof(FactIndex::Checkpoint) +
        (static_cast<long double>(c[7]) + c[9] + c[10] + c[0]) * sizeof(uint32_t) +
        static_cast<long double>(c[8]) * sizeof(uint64_t);
    if (ec || need > static_cast<long double>(file_bytes)) {
      std::fclose(f);
      return Status::Corruption("`" + path + "` is truncated or its header is damaged", rebuild);
    }
  }
  bool ok = r.Array(ix->runs_, c[3]) && r.Array(ix->entries_, c[4]) && r.Array(ix->hubs_, c[5]) &&
            r.Array(ix->checkpoints_, c[6]) && r.Array(ix->active_, c[7]) &&
            r.Array(ix->pair_keys_, c[8]) && r.Array(ix->pair_offsets_, c[9]) &&
            r.Array(ix->pair_entries_, c[10]) && r.Array(ix->complex_pos_, c[0]);
  ix->complex_facts_ = c[11];
  std::fclose(f);
  if (!ok) return Status::Corruption("`" + path + "` is truncated", rebuild);
  // Cheap structural checks, so a damaged file cannot send a query out of bounds.
  if (ix->runs_.size() != u.entities.size() ||
      ix->pair_offsets_.size() != ix->pair_keys_.size() + 1) {
    return Status::Corruption("`" + path + "` does not match its universe", rebuild);
  }
  for (const auto& run : ix->runs_) {
    if (run.begin > run.split || run.split > run.end || run.end > ix->entries_.size() ||
        (run.hub != kNone && run.hub >= ix->hubs_.size())) {
      return Status::Corruption("`" + path + "`: an entity run is out of range", rebuild);
    }
    if (run.hub == kNone) continue;
    const auto& hub = ix->hubs_[run.hub];
    if (hub.cp_begin > hub.cp_end || hub.cp_end > ix->checkpoints_.size() ||
        hub.cx_begin > hub.cx_end || hub.cx_end > ix->complex_pos_.size()) {
      return Status::Corruption("`" + path + "`: a hub is out of range", rebuild);
    }
    for (uint32_t j = hub.cx_begin; j < hub.cx_end; ++j) {
      const uint32_t pos = ix->complex_pos_[j];
      if (pos < run.begin || pos >= run.end) {
        return Status::Corruption("`" + path + "`: a complex entry is out of its run", rebuild);
      }
    }
    // A hub's checkpoints resume the scan inside its own closed slice.
    for (uint32_t j = hub.cp_begin; j < hub.cp_end; ++j) {
      const uint32_t pos = ix->checkpoints_[j].pos;
      if (pos < run.begin || pos > run.split) {
        return Status::Corruption("`" + path + "`: a checkpoint is out of its run", rebuild);
      }
    }
  }
  for (const auto& hub : ix->hubs_) {
    if (hub.cp_begin > hub.cp_end || hub.cp_end > ix->checkpoints_.size() ||
        hub.cx_begin > hub.cx_end || hub.cx_end > ix->complex_pos_.size()) {
      return Status::Corruption("`" + path + "`: a hub is out of range", rebuild);
    }
  }
  for (const auto& cp : ix->checkpoints_) {
    if (cp.pos > ix->entries_.size() || cp.active_begin > ix->active_.size()) {
      return Status::Corruption("`" + path + "`: a checkpoint is out of range", rebuild);
    }
  }
  for (uint32_t a : ix->active_) {
    if (a >= ix->entries_.size())
      return Status::Corruption("`" + path + "`: bad active entry", rebuild);
  }
  for (const auto& e : ix->entries_) {
    if (e.fact >= u.facts.size()) {
      return Status::Corruption("`" + path + "`: an entry is out of range", rebuild);
    }
  }
  for (uint32_t pos : ix->pair_entries_) {
    if (pos >= ix->entries_.size()) {
      return Status::Corruption("`" + path + "`: a pair entry is out of range", rebuild);
    }
  }
  for (size_t i = 0; i + 1 < ix->pair_offsets_.size(); ++i) {
    if (ix->pair_offsets_[i] > ix->pair_offsets_[i + 1]) {
      return Status::Corruption("`" + path + "`: pair ranges are out of order", rebuild);
    }
  }
  if (ix->pair_offsets_.back() != ix->pair_entries_.size()) {
    return Status::Corruption("`" + path + "`: pair ranges are out of range", rebuild);
  }
  return ix;
}

}  // namespace canon
