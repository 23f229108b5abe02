// A bump allocator for the per-step memory of the autodiff tape (node values, adjoints,
// scratch). reset() frees everything at once; if a step needed more than one block, the blocks
// are merged into one big enough block, so after warm-up a step never touches the heap.
#pragma once
#include <cstddef>
#include <vector>

namespace sbi {

class Arena {
 public:
  explicit Arena(std::size_t initial_bytes = std::size_t(1) << 20);
  ~Arena();
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  // Uninitialised storage for n objects of trivially destructible type T, 64-byte aligned.
  template <class T>
  T* alloc(std::size_t n) {
    return static_cast<T*>(alloc_bytes(n * sizeof(T)));
  }
  void* alloc_bytes(std::size_t bytes);

  // Releases all allocations; keeps (and merges) the capacity.
  void reset();

  std::size_t bytes_in_use() const { return used_total_; }
  std::size_t capacity() const;
  // How many times the arena asked the system for memory (grows only during warm-up).
  std::size_t system_allocations() const { return system_allocations_; }

 private:
  struct Block {
    std::byte* data;
    std::size_t size;
  };
  Block new_block(std::size_t bytes);

  std::vector<Block> blocks_;
  std::size_t current_ = 0;       // block being filled
  std::size_t offset_ = 0;        // bytes used in the current block
  std::size_t used_total_ = 0;    // bytes handed out since reset (incl. alignment padding)
  std::size_t system_allocations_ = 0;
};

}  // namespace sbi
