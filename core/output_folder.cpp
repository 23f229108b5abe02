// A run's output folder, written whole or not at all (see output_folder.hpp).
#include "core/output_folder.hpp"

#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"

namespace sbi {

namespace fs = std::filesystem;

StagedOutputFolder::StagedOutputFolder(std::string target) : target_(std::move(target)) {
  while (target_.size() > 1 && target_.back() == '/') target_.pop_back();
  if (target_.empty()) throw IOError("empty output folder name");
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(target_, ec);
  if (fs::exists(status) && !fs::is_directory(status))
    throw IOError("output folder '" + target_ + "' exists and is not a folder");
  staging_ = target_ + ".incomplete";
  writes_ = this_rank_writes_outputs();
  if (!writes_) return;  // another rank stages and commits
  fs::remove_all(staging_, ec);
  if (ec) throw IOError("cannot clear the staging folder '" + staging_ + "': " + ec.message());
  fs::create_directories(staging_, ec);
  if (ec) throw IOError("cannot create folder '" + staging_ + "': " + ec.message());
}

StagedOutputFolder::~StagedOutputFolder() {
  if (writes_ && !committed_)
    std::cerr << "sbi: the run did not finish; its partial outputs are in '" << staging_ << "' and '"
              << target_ << "' is unchanged\n";
}

void StagedOutputFolder::commit() {
  if (!writes_) return;
  std::error_code ec;
  const bool had_target = fs::exists(target_, ec);
  const std::string old = target_ + ".old." + std::to_string(static_cast<long>(::getpid()));
  if (had_target) {
    fs::rename(target_, old, ec);
    if (ec) throw IOError("cannot move the earlier '" + target_ + "' aside to '" + old + "': " + ec.message());
  }
  fs::rename(staging_, target_, ec);
  if (ec) {
    std::error_code back;
    if (had_target) fs::rename(old, target_, back);
    throw IOError("cannot move '" + staging_ + "' to '" + target_ + "': " + ec.message());
  }
  committed_ = true;
  if (had_target) fs::remove_all(old, ec);
}

}  // namespace sbi
