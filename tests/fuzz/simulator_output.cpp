// Fuzz target: an external simulator's stdout (external/external_protocol.hpp
// parse_batch_output), as 3 rows of a learnt width and as 3 rows of width 2. A malformed output
// is reported in ParsedBatch::problem, never thrown.
#include <cstddef>
#include <cstdint>
#include <string>

#include "external/external_protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string out(reinterpret_cast<const char*>(data), size);
  for (sbi::Index width : {sbi::Index(0), sbi::Index(2)}) {
    const sbi::sim::ParsedBatch batch = sbi::sim::parse_batch_output(out, 3, width);
    if (batch.problem.empty() && batch.x.rows() != 3) __builtin_trap();  // accepted means 3 rows
  }
  return 0;
}
