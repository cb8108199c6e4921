// EncodeImage / DecodeImage: the universe image (image.h, docs/store.md).
//
// One description of the layout, Transfer(), drives both directions: the
// encoder (Out) appends each column, the decoder (In) checks and fills it,
// so the two cannot drift apart. Tables are stored as columns: a row count,
// then one array per field (fixed-width little-endian integers, or for
// strings an array of u32 lengths, a u64 byte total and the bytes). A list
// field (a fact's reveal points, a work's children) is an array of u32
// sizes plus a u64 element total, then its elements' fields as columns over
// all owners' elements in order.
#include "store/image.h"

#include <bit>
#include <cstring>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace canon {
namespace {

template <typename T>
void StoreLe(char* p, T v) {
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(p, &v, sizeof v);
  } else {
    for (size_t i = 0; i < sizeof v; ++i) p[i] = static_cast<char>((uint64_t{v} >> (8 * i)) & 0xff);
  }
}

template <typename T>
T LoadLe(const char* p) {
  T v;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(&v, p, sizeof v);
  } else {
    uint64_t x = 0;
    for (size_t i = 0; i < sizeof v; ++i)
      x |= uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
    v = static_cast<T>(x);
  }
  return v;
}

// Wire types are unsigned integers; these map model fields onto them.
template <typename Wire, typename F>
Wire ToWire(const F& f) {
  if constexpr (std::is_same_v<F, double>) {
    return std::bit_cast<uint64_t>(f);
  } else {
    return static_cast<Wire>(f);
  }
}

// --- iteration building blocks ------------------------------------------
// An "each" is a callable taking fn and calling fn(field&) for every
// element of a column, in order.

template <typename Vec>
auto All(Vec& v) {
  return [&v](auto&& fn) {
    for (auto& x : v) fn(x);
  };
}
template <typename Each, typename Acc>
auto Map(Each each, Acc acc) {
  return [each, acc](auto&& fn) { each([&](auto& x) { fn(acc(x)); }); };
}
template <typename Each>
auto Flat(Each each) {
  return [each](auto&& fn) {
    each([&](auto& list) {
      for (auto& e : list) fn(e);
    });
  };
}

// `name` is a member name, so it cannot be parenthesized.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define CANON_FIELD(name) \
  [](auto& x) -> auto& { return x.name; }
// NOLINTEND(bugprone-macro-parentheses)

// --- encoder ------------------------------------------------------------

class Out {
 public:
  static constexpr bool kReading = false;
  explicit Out(std::string* s) : s_(s) {}

  template <typename Wire>
  void Put(Wire v) {
    char b[sizeof(Wire)];
    StoreLe(b, v);
    s_->append(b, sizeof b);
  }

  template <typename Vec>
  Status Rows(Vec& v, size_t /*min_row_bytes*/) {
    Put<uint32_t>(static_cast<uint32_t>(v.size()));
    return Status::Ok();
  }

  template <typename Wire, typename Each>
  Status Col(size_t n, Each each) {
    size_t at = s_->size();
    s_->resize(at + n * sizeof(Wire));
    char* p = s_->data() + at;
    each([&](const auto& field) {
      StoreLe<Wire>(p, ToWire<Wire>(field));
      p += sizeof(Wire);
    });
    return Status::Ok();
  }

  template <typename Each>
  Status Str(size_t n, Each each) {
    uint64_t total = 0;
    each([&](const std::string& s) {
      Put<uint32_t>(static_cast<uint32_t>(s.size()));
      total += s.size();
    });
    (void)n;
    Put<uint64_t>(total);
    each([&](const std::string& s) { s_->append(s); });
    return Status::Ok();
  }

  // Sizes of the lists `each` visits; *total receives their sum.
  template <typename Each>
  Status Sizes(size_t /*n*/, Each each, size_t /*min_elem_bytes*/, size_t* total) {
    uint64_t sum = 0;
    each([&](const auto& list) {
      Put<uint32_t>(static_cast<uint32_t>(list.size()));
      sum += list.size();
    });
    Put<uint64_t>(sum);
    *total = sum;
    return Status::Ok();
  }

 private:
  std::string* s_;
};

// --- decoder ------------------------------------------------------------

class In {
 public:
  static constexpr bool kReading = true;
  In(std::string_view bytes, size_t pos) : data_(bytes.data()), size_(bytes.size()), pos_(pos) {}

  // Accessors are named like variables (Google style).
  // NOLINTBEGIN(readability-identifier-naming)
  size_t pos() const { return pos_; }
  size_t remaining() const { return size_ - pos_; }
  // NOLINTEND(readability-identifier-naming)

  Status Fail(const std::string& what) const { return FailAt(what, pos_); }
  static Status FailAt(const std::string& what, size_t at) {
    return Status::Corruption("image: " + what + " at byte " + std::to_string(at));
  }

  template <typename Wire>
  Status Get(Wire* v) {
    if (remaining() < sizeof(Wire)) return Fail("cut short");
    *v = LoadLe<Wire>(data_ + pos_);
    pos_ += sizeof(Wire);
    return Status::Ok();
  }

  // A table's row count; rows must fit in what remains at `min_row_bytes`
  // each before the vector is sized.
  template <typename Vec>
  Status Rows(Vec& v, size_t min_row_bytes) {
    const size_t at = pos_;
    uint32_t n = 0;
    CANON_RETURN_IF_ERROR(Get(&n));
    if (n > remaining() / min_row_bytes) {
      return FailAt("row count " + std::to_string(n) + " does not fit in the " +
                        std::to_string(remaining()) + " bytes left",
                    at);
    }
    v.clear();
    v.resize(n);
    return Status::Ok();
  }

  template <typename Wire, typename Each>
  Status Col(size_t n, Each each) {
    if (n > remaining() / sizeof(Wire)) {
      return Fail("a column of " + std::to_string(n) + " values does not fit in the " +
                  std::to_string(remaining()) + " bytes left");
    }
    const char* p = data_ + pos_;
    size_t i = 0;
    bool bad_bool = false;
    each([&](auto& field) {
      if (i >= n) {  // cannot happen: n counts the same elements
        ++i;
        return;
      }
      Wire v = LoadLe<Wire>(p + i * sizeof(Wire));
      ++i;
      using F = std::remove_reference_t<decltype(field)>;
      if constexpr (std::is_same_v<F, bool>) {
        if (v > 1) bad_bool = true;
        field = v != 0;
      } else if constexpr (std::is_same_v<F, double>) {
        field = std::bit_cast<double>(static_cast<uint64_t>(v));
      } else {
        field = static_cast<F>(v);
      }
    });
    if (i != n) return Fail("column length mismatch (" + std::to_string(i) + " elements)");
    if (bad_bool) return Fail("a flag column holds a value other than 0 or 1");
    pos_ += n * sizeof(Wire);
    return Status::Ok();
  }

  // A column of `n` 4-byte lengths followed by their recorded total (what
  // strings and lists both start with): `*column` points at the lengths,
  // `*sum` is their checked total, `*at` where the total was read.
  Status Lengths(size_t n, const std::string& what, const char** column, uint64_t* sum,
                 size_t* at) {
    if (n > remaining() / 4) return Fail(what + " do not fit");
    *column = data_ + pos_;
    *sum = 0;
    for (size_t i = 0; i < n; ++i) *sum += LoadLe<uint32_t>(*column + 4 * i);
    pos_ += 4 * n;
    *at = pos_;
    uint64_t recorded = 0;
    CANON_RETURN_IF_ERROR(Get(&recorded));
    if (recorded != *sum) {
      return FailAt(what + " add up to " + std::to_string(*sum) + ", not the " +
                        std::to_string(recorded) + " recorded",
                    *at);
    }
    return Status::Ok();
  }

  template <typename Each>
  Status Str(size_t n, Each each) {
    const char* lengths = nullptr;
    uint64_t total = 0;
    size_t at = 0;
    CANON_RETURN_IF_ERROR(Lengths(n, "string lengths", &lengths, &total, &at));
    if (total > remaining()) {
      return FailAt("strings of " + std::to_string(total) + " bytes do not fit in the " +
                        std::to_string(remaining()) + " bytes left",
                    at);
    }
    const char* p = data_ + pos_;
    size_t i = 0;
    each([&](std::string& s) {
      if (i >= n) {
        ++i;
        return;
      }
      const uint32_t len = LoadLe<uint32_t>(lengths + 4 * i++);
      s.assign(p, len);
      p += len;
    });
    if (i != n) return Fail("string column length mismatch");
    pos_ += total;
    return Status::Ok();
  }

  template <typename Each>
  Status Sizes(size_t n, Each each, size_t min_elem_bytes, size_t* total) {
    const char* sizes = nullptr;
    uint64_t sum = 0;
    size_t at = 0;
    CANON_RETURN_IF_ERROR(Lengths(n, "list sizes", &sizes, &sum, &at));
    if (sum > remaining() / min_elem_bytes) {
      return FailAt(std::to_string(sum) + " list elements do not fit in the " +
                        std::to_string(remaining()) + " bytes left",
                    at);
    }
    size_t i = 0;
    each([&](auto& list) {
      if (i >= n) {
        ++i;
        return;
      }
      list.clear();
      list.resize(LoadLe<uint32_t>(sizes + 4 * i++));
    });
    if (i != n) return Fail("list column length mismatch");
    *total = sum;
    return Status::Ok();
  }

 private:
  const char* data_;
  size_t size_;
  size_t pos_;
};

// --- the layout ---------------------------------------------------------
// U is Universe (decoding) or const Universe (encoding).

template <typename IO, typename Each>
Status Locs(IO& io, size_t n, Each each) {
  CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(each, CANON_FIELD(file))));
  CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(each, CANON_FIELD(line))));
  CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(each, CANON_FIELD(col))));
  return io.template Col<uint32_t>(n, Map(each, CANON_FIELD(length)));
}
constexpr size_t kLocBytes = 16;

template <typename IO, typename Each>
Status Dates(IO& io, size_t n, Each each) {
  CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(each, CANON_FIELD(year))));
  CANON_RETURN_IF_ERROR(io.template Col<uint8_t>(n, Map(each, CANON_FIELD(month))));
  CANON_RETURN_IF_ERROR(io.template Col<uint8_t>(n, Map(each, CANON_FIELD(day))));
  return io.template Col<uint32_t>(n, Map(each, CANON_FIELD(era)));
}
constexpr size_t kDateBytes = 10;

// A list of reveal points per owner: sizes, then work/position columns.
template <typename IO, typename EachList>
Status RevealLists(IO& io, size_t n, EachList each_list) {
  size_t total = 0;
  CANON_RETURN_IF_ERROR(io.Sizes(n, each_list, 9, &total));
  auto each = Flat(each_list);
  CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(total, Map(each, CANON_FIELD(work))));
  CANON_RETURN_IF_ERROR(io.template Col<uint8_t>(total, Map(each, CANON_FIELD(position_kind))));
  return io.template Col<uint32_t>(total, Map(each, CANON_FIELD(position)));
}

template <typename IO, typename EachList>
Status AllowLists(IO& io, size_t n, EachList each_list) {
  size_t total = 0;
  CANON_RETURN_IF_ERROR(io.Sizes(n, each_list, 8 + kLocBytes, &total));
  auto each = Flat(each_list);
  CANON_RETURN_IF_ERROR(io.Str(total, Map(each, CANON_FIELD(rule))));
  CANON_RETURN_IF_ERROR(io.Str(total, Map(each, CANON_FIELD(reason))));
  return Locs(io, total, Map(each, CANON_FIELD(loc)));
}

template <typename IO, typename EachList>
Status IdLists(IO& io, size_t n, EachList each_list) {
  size_t total = 0;
  CANON_RETURN_IF_ERROR(io.Sizes(n, each_list, 4, &total));
  return io.template Col<uint32_t>(total, Flat(each_list));
}

template <typename IO, typename U>
Status Transfer(IO& io, U& u) {
  CANON_RETURN_IF_ERROR(io.Str(1, [&](auto&& fn) { fn(u.title); }));

  CANON_RETURN_IF_ERROR(io.Rows(u.files, 4));
  CANON_RETURN_IF_ERROR(io.Str(u.files.size(), All(u.files)));

  {
    auto& v = u.continuities;
    CANON_RETURN_IF_ERROR(io.Rows(v, 8 + kLocBytes));
    const size_t n = v.size();
    CANON_RETURN_IF_ERROR(io.Str(n, Map(All(v), CANON_FIELD(id))));
    CANON_RETURN_IF_ERROR(io.Str(n, Map(All(v), CANON_FIELD(title))));
    CANON_RETURN_IF_ERROR(Locs(io, n, Map(All(v), CANON_FIELD(loc))));
  }
  {
    auto& v = u.eras;
    CANON_RETURN_IF_ERROR(io.Rows(v, 16 + kLocBytes));
    const size_t n = v.size();
    CANON_RETURN_IF_ERROR(io.Str(n, Map(All(v), CANON_FIELD(id))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(continuity))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(epoch))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(direction))));
    CANON_RETURN_IF_ERROR(Locs(io, n, Map(All(v), CANON_FIELD(loc))));
  }
  {
    auto& v = u.works;
    CANON_RETURN_IF_ERROR(io.Rows(v, 40 + kDateBytes + kLocBytes));
    const size_t n = v.size();
    CANON_RETURN_IF_ERROR(io.Str(n, Map(All(v), CANON_FIELD(id))));
    CANON_RETURN_IF_ERROR(io.Str(n, Map(All(v), CANON_FIELD(path))));
    CANON_RETURN_IF_ERROR(io.Str(n, Map(All(v), CANON_FIELD(title))));
    CANON_RETURN_IF_ERROR(io.template Col<uint8_t>(n, Map(All(v), CANON_FIELD(kind))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(parent))));
    CANON_RETURN_IF_ERROR(IdLists(io, n, Map(All(v), CANON_FIELD(children))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(continuity))));
    // The optional fields: a presence flag column, then the value columns
    // (zero where absent).
    std::vector<bool> has_released(n), has_runtime(n);
    std::vector<PartialDate> released(n);
    std::vector<int32_t> runtime(n, 0);
    if constexpr (!IO::kReading) {
      for (size_t i = 0; i < n; ++i) {
        has_released[i] = v[i].released.has_value();
        released[i] = v[i].released.value_or(PartialDate{});
        has_runtime[i] = v[i].runtime_minutes.has_value();
        runtime[i] = v[i].runtime_minutes.value_or(0);
      }
    }
    // vector<bool> hands out proxies: copy through a plain bool.
    auto each_flag = [](std::vector<bool>& flags) {
      return [&flags](auto&& fn) {
        for (size_t i = 0; i < flags.size(); ++i) {
          bool b = flags[i];
          fn(b);
          flags[i] = b;
        }
      };
    };
    CANON_RETURN_IF_ERROR(io.template Col<uint8_t>(n, each_flag(has_released)));
    CANON_RETURN_IF_ERROR(Dates(io, n, All(released)));
    CANON_RETURN_IF_ERROR(io.template Col<uint8_t>(n, each_flag(has_runtime)));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, All(runtime)));
    if constexpr (IO::kReading) {
      for (size_t i = 0; i < n; ++i) {
        if (has_released[i]) v[i].released = released[i];
        if (has_runtime[i]) v[i].runtime_minutes = runtime[i];
      }
    }
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(slot_start))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(slot_end))));
    CANON_RETURN_IF_ERROR(io.template Col<uint8_t>(n, Map(All(v), CANON_FIELD(flashback))));
    CANON_RETURN_IF_ERROR(
        io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(declared_child_count))));
    CANON_RETURN_IF_ERROR(io.template Col<uint8_t>(n, Map(All(v), CANON_FIELD(generated))));
    CANON_RETURN_IF_ERROR(Locs(io, n, Map(All(v), CANON_FIELD(loc))));
  }
  {
    auto& v = u.entities;
    CANON_RETURN_IF_ERROR(io.Rows(v, 17 + kLocBytes));
    const size_t n = v.size();
    CANON_RETURN_IF_ERROR(io.Str(n, Map(All(v), CANON_FIELD(id))));
    CANON_RETURN_IF_ERROR(io.Str(n, Map(All(v), CANON_FIELD(name))));
    CANON_RETURN_IF_ERROR(io.template Col<uint8_t>(n, Map(All(v), CANON_FIELD(kind))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(continuity))));
    CANON_RETURN_IF_ERROR(RevealLists(io, n, Map(All(v), CANON_FIELD(introduced))));
    CANON_RETURN_IF_ERROR(Locs(io, n, Map(All(v), CANON_FIELD(loc))));
  }
  {
    auto& v = u.predicates;
    CANON_RETURN_IF_ERROR(io.Rows(v, 20 + kLocBytes));
    const size_t n = v.size();
    CANON_RETURN_IF_ERROR(io.Str(n, Map(All(v), CANON_FIELD(name))));
    CANON_RETURN_IF_ERROR(io.template Col<uint8_t>(n, Map(All(v), CANON_FIELD(object_kind))));
    CANON_RETURN_IF_ERROR(io.template Col<uint8_t>(n, Map(All(v), CANON_FIELD(symmetric))));
    CANON_RETURN_IF_ERROR(io.template Col<uint8_t>(n, Map(All(v), CANON_FIELD(exclusive))));
    CANON_RETURN_IF_ERROR(io.Str(n, Map(All(v), CANON_FIELD(inverse))));
    CANON_RETURN_IF_ERROR(io.Str(n, Map(All(v), CANON_FIELD(phrase))));
    size_t total = 0;
    auto keywords = Map(All(v), CANON_FIELD(keywords));
    CANON_RETURN_IF_ERROR(io.Sizes(n, keywords, 4, &total));
    CANON_RETURN_IF_ERROR(io.Str(total, Flat(keywords)));
    CANON_RETURN_IF_ERROR(io.template Col<uint8_t>(n, Map(All(v), CANON_FIELD(builtin))));
    CANON_RETURN_IF_ERROR(Locs(io, n, Map(All(v), CANON_FIELD(loc))));
  }
  {
    auto& v = u.facts;
    CANON_RETURN_IF_ERROR(io.Rows(v, 60 + kDateBytes + kLocBytes));
    const size_t n = v.size();
    CANON_RETURN_IF_ERROR(io.Str(n, Map(All(v), CANON_FIELD(label))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(subject))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(predicate))));
    auto object = Map(All(v), CANON_FIELD(object));
    CANON_RETURN_IF_ERROR(io.template Col<uint8_t>(n, Map(object, CANON_FIELD(kind))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(object, CANON_FIELD(entity))));
    CANON_RETURN_IF_ERROR(io.Str(n, Map(object, CANON_FIELD(text))));
    CANON_RETURN_IF_ERROR(io.template Col<uint64_t>(n, Map(object, CANON_FIELD(number))));
    CANON_RETURN_IF_ERROR(Dates(io, n, Map(object, CANON_FIELD(date))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(start))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(end))));
    CANON_RETURN_IF_ERROR(RevealLists(io, n, Map(All(v), CANON_FIELD(revealed))));
    CANON_RETURN_IF_ERROR(RevealLists(io, n, Map(All(v), CANON_FIELD(overturned))));
    CANON_RETURN_IF_ERROR(io.Str(n, Map(All(v), CANON_FIELD(source))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(started_by))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(ended_by))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(continuity))));
    CANON_RETURN_IF_ERROR(AllowLists(io, n, Map(All(v), CANON_FIELD(allows))));
    CANON_RETURN_IF_ERROR(Locs(io, n, Map(All(v), CANON_FIELD(loc))));
  }
  {
    auto& v = u.events;
    CANON_RETURN_IF_ERROR(io.Rows(v, 60 + kLocBytes));
    const size_t n = v.size();
    CANON_RETURN_IF_ERROR(io.Str(n, Map(All(v), CANON_FIELD(id))));
    CANON_RETURN_IF_ERROR(io.Str(n, Map(All(v), CANON_FIELD(title))));
    CANON_RETURN_IF_ERROR(io.Str(n, Map(All(v), CANON_FIELD(kind))));
    size_t total = 0;
    auto roles = Map(All(v), CANON_FIELD(roles));
    CANON_RETURN_IF_ERROR(io.Sizes(n, roles, 8, &total));
    CANON_RETURN_IF_ERROR(io.Str(total, Map(Flat(roles), CANON_FIELD(role))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(total, Map(Flat(roles), CANON_FIELD(entity))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(time))));
    CANON_RETURN_IF_ERROR(RevealLists(io, n, Map(All(v), CANON_FIELD(revealed))));
    CANON_RETURN_IF_ERROR(RevealLists(io, n, Map(All(v), CANON_FIELD(overturned))));
    CANON_RETURN_IF_ERROR(IdLists(io, n, Map(All(v), CANON_FIELD(starts))));
    CANON_RETURN_IF_ERROR(IdLists(io, n, Map(All(v), CANON_FIELD(ends))));
    CANON_RETURN_IF_ERROR(io.Str(n, Map(All(v), CANON_FIELD(source))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(continuity))));
    auto uses = Map(All(v), CANON_FIELD(uses));
    CANON_RETURN_IF_ERROR(io.Sizes(n, uses, 9 + kLocBytes, &total));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(total, Map(Flat(uses), CANON_FIELD(who))));
    CANON_RETURN_IF_ERROR(
        io.template Col<uint8_t>(total, Map(Flat(uses), CANON_FIELD(target_is_fact))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(total, Map(Flat(uses), CANON_FIELD(target))));
    CANON_RETURN_IF_ERROR(Locs(io, total, Map(Flat(uses), CANON_FIELD(loc))));
    CANON_RETURN_IF_ERROR(AllowLists(io, n, Map(All(v), CANON_FIELD(allows))));
    CANON_RETURN_IF_ERROR(Locs(io, n, Map(All(v), CANON_FIELD(loc))));
  }
  {
    auto& v = u.knowledge;
    CANON_RETURN_IF_ERROR(io.Rows(v, 26 + kLocBytes));
    const size_t n = v.size();
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(who))));
    CANON_RETURN_IF_ERROR(io.template Col<uint8_t>(n, Map(All(v), CANON_FIELD(target_kind))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(target))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(from))));
    CANON_RETURN_IF_ERROR(RevealLists(io, n, Map(All(v), CANON_FIELD(revealed))));
    CANON_RETURN_IF_ERROR(io.template Col<uint8_t>(n, Map(All(v), CANON_FIELD(implicit))));
    CANON_RETURN_IF_ERROR(io.Str(n, Map(All(v), CANON_FIELD(source))));
    CANON_RETURN_IF_ERROR(Locs(io, n, Map(All(v), CANON_FIELD(loc))));
  }
  {
    auto& v = u.appearances;
    CANON_RETURN_IF_ERROR(io.Rows(v, 21 + kLocBytes));
    const size_t n = v.size();
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(entity))));
    auto at = Map(All(v), CANON_FIELD(at));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(at, CANON_FIELD(work))));
    CANON_RETURN_IF_ERROR(io.template Col<uint8_t>(n, Map(at, CANON_FIELD(position_kind))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(at, CANON_FIELD(position))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(time))));
    CANON_RETURN_IF_ERROR(AllowLists(io, n, Map(All(v), CANON_FIELD(allows))));
    CANON_RETURN_IF_ERROR(Locs(io, n, Map(All(v), CANON_FIELD(loc))));
  }
  {
    auto& v = u.lint_settings;
    CANON_RETURN_IF_ERROR(io.Rows(v, 8 + kLocBytes));
    const size_t n = v.size();
    CANON_RETURN_IF_ERROR(io.Str(n, Map(All(v), CANON_FIELD(rule))));
    CANON_RETURN_IF_ERROR(io.Str(n, Map(All(v), CANON_FIELD(severity))));
    CANON_RETURN_IF_ERROR(Locs(io, n, Map(All(v), CANON_FIELD(loc))));
  }
  {
    auto& v = u.counterparts;
    CANON_RETURN_IF_ERROR(io.Rows(v, 8));
    const size_t n = v.size();
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(first))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(second))));
  }
  {
    auto& v = u.points;
    CANON_RETURN_IF_ERROR(io.Rows(v, 9));
    const size_t n = v.size();
    CANON_RETURN_IF_ERROR(io.template Col<uint8_t>(n, Map(All(v), CANON_FIELD(owner))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(n, Map(All(v), CANON_FIELD(owner_id))));
    size_t total = 0;
    auto lists = Map(All(v), CANON_FIELD(constraints));
    CANON_RETURN_IF_ERROR(io.Sizes(n, lists, 16 + kDateBytes + kLocBytes, &total));
    auto c = Flat(lists);
    CANON_RETURN_IF_ERROR(io.template Col<uint8_t>(total, Map(c, CANON_FIELD(kind))));
    CANON_RETURN_IF_ERROR(io.template Col<uint8_t>(total, Map(c, CANON_FIELD(anchor_kind))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(total, Map(c, CANON_FIELD(point))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(total, Map(c, CANON_FIELD(work))));
    CANON_RETURN_IF_ERROR(Dates(io, total, Map(c, CANON_FIELD(date))));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(total, Map(c, CANON_FIELD(amount))));
    CANON_RETURN_IF_ERROR(io.template Col<uint8_t>(total, Map(c, CANON_FIELD(unit))));
    CANON_RETURN_IF_ERROR(io.template Col<uint8_t>(total, Map(c, CANON_FIELD(implicit))));
    CANON_RETURN_IF_ERROR(Locs(io, total, Map(c, CANON_FIELD(loc))));
  }
  {
    auto& t = u.time;
    CANON_RETURN_IF_ERROR(io.Rows(t.rank, 4));
    CANON_RETURN_IF_ERROR(io.template Col<uint32_t>(t.rank.size(), All(t.rank)));
    CANON_RETURN_IF_ERROR(io.Rows(t.earliest, 8));
    CANON_RETURN_IF_ERROR(io.template Col<uint64_t>(t.earliest.size(), All(t.earliest)));
    CANON_RETURN_IF_ERROR(io.Rows(t.latest, 8));
    CANON_RETURN_IF_ERROR(io.template Col<uint64_t>(t.latest.size(), All(t.latest)));
  }
  return Status::Ok();
}

#undef CANON_FIELD

// Header: magic (8), format version (u32), flags (u32), image length (u64).
constexpr size_t kHeaderBytes = 24;
constexpr uint32_t kFlagTimeResolved = 1;

}  // namespace

void EncodeImage(const Universe& u, std::string* out) {
  out->clear();
  out->append(kImageMagic);
  Out o(out);
  o.Put<uint32_t>(kImageFormatVersion);
  o.Put<uint32_t>(u.time.resolved ? kFlagTimeResolved : 0);
  o.Put<uint64_t>(0);  // the length, patched below
  (void)Transfer(o, u);
  StoreLe<uint64_t>(out->data() + 16, out->size());
}

Status DecodeImage(std::string_view bytes, Universe* u) {
  if (bytes.size() < kHeaderBytes || bytes.substr(0, 8) != kImageMagic) {
    return Status::Corruption("image: no image header (" + std::to_string(bytes.size()) +
                              " bytes)");
  }
  const uint32_t version = LoadLe<uint32_t>(bytes.data() + 8);
  if (version != kImageFormatVersion) {
    return Status::Corruption("image: format version " + std::to_string(version) +
                              ", this canon reads version " + std::to_string(kImageFormatVersion));
  }
  const uint32_t flags = LoadLe<uint32_t>(bytes.data() + 12);
  if ((flags & ~kFlagTimeResolved) != 0) {
    return Status::Corruption("image: unknown flags " + std::to_string(flags));
  }
  const uint64_t length = LoadLe<uint64_t>(bytes.data() + 16);
  if (length != bytes.size()) {
    return Status::Corruption("image: header says " + std::to_string(length) + " bytes, found " +
                              std::to_string(bytes.size()));
  }
  *u = Universe{};
  In in(bytes, kHeaderBytes);
  CANON_RETURN_IF_ERROR(Transfer(in, *u));
  if (in.remaining() != 0) {
    return in.Fail(std::to_string(in.remaining()) + " bytes after the end of the data");
  }
  u->time.resolved = (flags & kFlagTimeResolved) != 0;
  if (u->time.resolved) {
    const size_t n = u->points.size();
    if (u->time.rank.size() != n || u->time.earliest.size() != n || u->time.latest.size() != n) {
      return Status::Corruption("image: resolved time covers " +
                                std::to_string(u->time.rank.size()) + " points, not all " +
                                std::to_string(n));
    }
  }
  return Status::Ok();
}

uint64_t ImageChecksum(std::string_view bytes) {
  constexpr uint64_t kP1 = 0x9E3779B185EBCA87ULL, kP2 = 0xC2B2AE3D27D4EB4FULL,
                     kP3 = 0x165667B19E3779F9ULL, kP4 = 0x85EBCA77C2B2AE63ULL,
                     kP5 = 0x27D4EB2F165667C5ULL;
  auto round = [](uint64_t acc, uint64_t input) {
    acc += input * kP2;
    acc = std::rotl(acc, 31);
    return acc * kP1;
  };
  auto merge = [&](uint64_t acc, uint64_t v) {
    acc ^= round(0, v);
    return acc * kP1 + kP4;
  };
  const char* p = bytes.data();
  const char* const end = p + bytes.size();
  uint64_t h;
  if (bytes.size() >= 32) {
    uint64_t v1 = kP1 + kP2, v2 = kP2, v3 = 0, v4 = 0 - kP1;
    const char* const limit = end - 32;
    do {
      v1 = round(v1, LoadLe<uint64_t>(p));
      v2 = round(v2, LoadLe<uint64_t>(p + 8));
      v3 = round(v3, LoadLe<uint64_t>(p + 16));
      v4 = round(v4, LoadLe<uint64_t>(p + 24));
      p += 32;
    } while (p <= limit);
    h = std::rotl(v1, 1) + std::rotl(v2, 7) + std::rotl(v3, 12) + std::rotl(v4, 18);
    h = merge(h, v1);
    h = merge(h, v2);
    h = merge(h, v3);
    h = merge(h, v4);
  } else {
    h = kP5;
  }
  h += bytes.size();
  while (end - p >= 8) {
    h ^= round(0, LoadLe<uint64_t>(p));
    h = std::rotl(h, 27) * kP1 + kP4;
    p += 8;
  }
  if (end - p >= 4) {
    h ^= uint64_t{LoadLe<uint32_t>(p)} * kP1;
    h = std::rotl(h, 23) * kP2 + kP3;
    p += 4;
  }
  while (p < end) {
    h ^= uint64_t{static_cast<unsigned char>(*p)} * kP5;
    h = std::rotl(h, 11) * kP1;
    ++p;
  }
  h ^= h >> 33;
  h *= kP2;
  h ^= h >> 29;
  h *= kP3;
  h ^= h >> 32;
  return h;
}

}  // namespace canon
