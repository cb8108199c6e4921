// HugeVector<T>: a std::vector whose large buffers are 2 MiB-aligned and
// advised as transparent huge pages, so random probes into multi-GiB index
// arrays cost one TLB entry per 2 MiB instead of per 4 KiB.
#ifndef CANON_INDEX_HUGE_VECTOR_H_
#define CANON_INDEX_HUGE_VECTOR_H_

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

namespace canon {

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr size_t kHuge = size_t{2} << 20;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: rebinding
  T* allocate(size_t n) {
    const size_t bytes = n * sizeof(T);
    if (bytes < kHuge) {
      return static_cast<T*>(::operator new(bytes));
    }
    const size_t rounded = (bytes + kHuge - 1) / kHuge * kHuge;
    void* p = std::aligned_alloc(kHuge, rounded);
    if (p == nullptr) throw std::bad_alloc();  // allocation failure is fatal, as for std::vector
    ::madvise(p, rounded, MADV_HUGEPAGE);      // advice only: failure is harmless
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t n) {
    if (n * sizeof(T) < kHuge) {
      ::operator delete(p);
    } else {
      std::free(p);
    }
  }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

template <typename T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace canon

#endif  // CANON_INDEX_HUGE_VECTOR_H_
