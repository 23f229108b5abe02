// What a model file records about its problem (its "tag"), so that `sbi sample`, `sbi cost`,
// `sbi calibrate --model` and the Python package rebuild the prior without being told it:
//   a built-in task:  the task's name, e.g. "two_moons" (as model files always did);
//   a prior file:     "prior:" followed by the file's canonical JSON with '%', ';' and '='
//                     percent-escaped (%25, %3B, %3D), since the model file's architecture
//                     string separates its entries with ';' and '='.
#pragma once
#include <optional>
#include <string>

#include "simulators/prior_file.hpp"
#include "simulators/task.hpp"

namespace sbi::sim {

std::string prior_model_tag(const PriorFile& prior);
// The prior file a tag records; std::nullopt for a task name (an old or built-in model).
// ValueError when the tag says "prior:" but its JSON is malformed.
std::optional<PriorFile> prior_from_model_tag(const std::string& tag);

// The tag to save with a model of `task`: prior_model_tag for a task from a prior file, the
// task's name otherwise.
std::string model_tag(const Task& task);
// The task a tag names: make_prior_task (no simulator) or make_task (NotFoundError if unknown).
Task task_from_model_tag(const std::string& tag);

}  // namespace sbi::sim
