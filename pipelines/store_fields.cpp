// The field table of the simulation store's settings (see store_fields.hpp).
#include "pipelines/store_fields.hpp"

#include <limits>

namespace sbi::pipelines {

const FieldTable<StoreJobSettings>& store_job_settings_fields() {
  using S = StoreJobSettings;
  // chunk_rows has no range here: simulate_into_store refuses a non-positive count itself.
  static const FieldTable<S> table = {
      string_field("dir", &S::dir, "simulation store folder (chunks + manifest.json; docs/simulation_store.md)"),
      number_field("chunk_rows", &S::chunk_rows, "with --store: rows per chunk (the unit of writing, of splitting "
                   "over ranks and of resuming)"),
      bool_field("resume", &S::resume, "with --store: continue the store in DIR (same settings), simulating only "
                 "missing chunks"),
      optional_number_field("stop_after_chunks", &S::stop_after_chunks, "test hook: each rank stops after writing N "
                            "chunks, without the final manifest (exit status 3), as a killed run would", Index(0),
                            std::numeric_limits<Index>::max()),
  };
  return table;
}

}  // namespace sbi::pipelines
