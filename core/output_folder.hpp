// A run's output folder, written whole or not at all. The run writes into a fresh staging folder
// beside the target ("<target>.incomplete"); commit() swaps it in only after the run succeeded:
// the old folder (if any) is moved aside, the staging folder renamed to the target, then the old
// one removed. So a failing run never rewrites part of an earlier good result, and a successful
// rerun never leaves stale files (samples_*.csv of other observations or β) beside its own.
// A run that fails keeps its staging folder (nothing computed is lost); the next run into the
// same target starts it afresh. Under MPI only rank 0 stages and commits (atomic_file.hpp); the
// other ranks check the target and write nothing.
#pragma once
#include <string>

namespace sbi {

class StagedOutputFolder {
 public:
  // Refuses (IOError) a target that exists but is not a folder; creates the staging folder.
  explicit StagedOutputFolder(std::string target);
  ~StagedOutputFolder();
  StagedOutputFolder(const StagedOutputFolder&) = delete;
  StagedOutputFolder& operator=(const StagedOutputFolder&) = delete;

  // Where the run writes its files until commit().
  const std::string& path() const { return staging_; }
  const std::string& target() const { return target_; }
  // Replaces the target by the staging folder; IOError naming both when a rename fails.
  void commit();

 private:
  std::string target_, staging_;
  bool committed_ = false;
  bool writes_ = true;  // false on MPI ranks other than 0
};

}  // namespace sbi
