// Arena allocator (see arena.hpp).
#include "core/arena.hpp"

#include <algorithm>
#include <new>

namespace sbi {

namespace {
constexpr std::size_t kAlign = 64;
std::size_t round_up(std::size_t n) { return (n + kAlign - 1) / kAlign * kAlign; }
}  // namespace

Arena::Arena(std::size_t initial_bytes) {
  blocks_.reserve(16);
  blocks_.push_back(new_block(std::max<std::size_t>(initial_bytes, 4096)));
}

Arena::~Arena() {
  for (auto& b : blocks_) ::operator delete(b.data, std::align_val_t{kAlign});
}

Arena::Block Arena::new_block(std::size_t bytes) {
  bytes = round_up(bytes);
  ++system_allocations_;
  return {static_cast<std::byte*>(::operator new(bytes, std::align_val_t{kAlign})), bytes};
}

void* Arena::alloc_bytes(std::size_t bytes) {
  bytes = round_up(std::max<std::size_t>(bytes, 1));
  while (offset_ + bytes > blocks_[current_].size) {
    // Move to the next block, creating one at least twice the current size if needed.
    used_total_ += blocks_[current_].size - offset_;
    ++current_;
    offset_ = 0;
    if (current_ == blocks_.size())
      blocks_.push_back(new_block(std::max(bytes, 2 * blocks_[current_ - 1].size)));
  }
  void* p = blocks_[current_].data + offset_;
  offset_ += bytes;
  used_total_ += bytes;
  return p;
}

void Arena::reset() {
  if (blocks_.size() > 1) {
    // Merge: one block as large as everything this arena has held.
    const std::size_t total = capacity();
    for (auto& b : blocks_) ::operator delete(b.data, std::align_val_t{kAlign});
    blocks_.clear();
    blocks_.push_back(new_block(total));
  }
  current_ = 0;
  offset_ = 0;
  used_total_ = 0;
}

std::size_t Arena::capacity() const {
  std::size_t total = 0;
  for (const auto& b : blocks_) total += b.size;
  return total;
}

}  // namespace sbi
