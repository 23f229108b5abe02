// The simulation-store flags of simulate and train (see store_options.hpp).
#include "cli/store_options.hpp"

#include "cli/field_flags.hpp"
#include "pipelines/store_fields.hpp"

namespace sbi::cli {

namespace {
const FlagSet& store_flags() {
  static const FlagSet flags{{"dir", "chunk_rows", "resume", "stop_after_chunks"},
                             {{"dir", "store"}, {"chunk_rows", "store-chunk-rows"},
                              {"stop_after_chunks", "store-stop-after-chunks"}},
                             {},
                             {{"dir", "DIR"}, {"chunk_rows", "K"}}};
  return flags;
}
}  // namespace

void add_store_options(Args& args) {
  add_field_flags(args, pipelines::store_job_settings_fields(), pipelines::StoreJobSettings{}, store_flags());
}

void check_store_flags(const Args& args) {
  if (!args.has("store")) {
    for (const std::string& field : store_flags().fields)
      if (args.has(store_flags().flag(field))) throw UsageError("--" + store_flags().flag(field) + " needs --store");
    return;
  }
  for (const char* name : {"out", "theta", "theta-out", "recording"})
    if (args.has(name)) throw UsageError(std::string("--") + name + " does not go with --store (the store holds θ and x)");
}

std::string simulator_work_base(const Args& args) {
  std::string base = args.has("store") ? args.get("store") : args.get("out");
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  return base;
}

pipelines::StoreJobSettings store_settings(const Args& args) {
  if (!args.has("num")) throw UsageError("--store needs --num N (θ from the prior)");
  pipelines::StoreJobSettings s;
  read_field_flags(args, pipelines::store_job_settings_fields(), s, store_flags());
  s.rows = args.get_int("num");
  return s;
}

}  // namespace sbi::cli
