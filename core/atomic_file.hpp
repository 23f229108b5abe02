// Atomic, checked output files. Every output goes to a temporary file in the target's folder;
// every write and the close are checked; only then is it renamed over the target. So a failing
// or interrupted write never leaves a half-written file and never destroys an earlier good one.
// Targets that are not regular files (a directory, device, FIFO, socket or symbolic link) are
// refused with an IOError naming the path, instead of being replaced.
//
// Under MPI (mpirun/srun, N > 1 ranks) rank 0 alone writes outputs: on other ranks
// write_file_atomically returns without writing (the path may name rank 0's staging folder,
// which exists only there), and StagedOutputFolder creates nothing. A bad target fails on
// rank 0, and the sbi program then ends every rank (abort_all_ranks). Files that belong to one rank (e.g. a
// simulation store's chunks written by the rank that simulated them) are written inside an
// EveryRankWritesScope.
#pragma once
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace sbi {

// Whether this process writes outputs: rank 0 of the world, or any rank inside an
// EveryRankWritesScope.
bool this_rank_writes_outputs();

// Within this scope (process-wide) every rank writes its own files.
class EveryRankWritesScope {
 public:
  EveryRankWritesScope();
  ~EveryRankWritesScope();
  EveryRankWritesScope(const EveryRankWritesScope&) = delete;
  EveryRankWritesScope& operator=(const EveryRankWritesScope&) = delete;
};

// IOError unless `path` is absent or a regular file (not a symlink) and its folder exists.
void check_output_path(const std::string& path);

// IOError "<what> '<output>' is also the input '<input>'" when `output` names the same file
// (device and inode, through any path or link) as one of `inputs`: writing it would destroy the
// input. Absent files never match.
void check_output_not_input(const std::string& output, const std::vector<std::string>& inputs,
                            const std::string& what = "output");

// Calls fill(stream) on a temporary file beside `path`, checks the stream, closes it and
// renames it to `path`. On any failure (including an exception from fill) the temporary file is
// removed, `path` is left as it was, and an IOError naming `path` is thrown (fill's own
// exception is rethrown unchanged). On a rank that does not write outputs (see above) it does
// nothing.
void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& fill,
                           bool binary = false);

}  // namespace sbi
