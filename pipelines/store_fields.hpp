// The field table of StoreJobSettings (core/settings_fields.hpp): the simulation store's
// settings that a front end sets, declared once. Its flags (cli) say they belong to the store:
// dir → --store, chunk_rows → --store-chunk-rows, resume → --resume, stop_after_chunks →
// --store-stop-after-chunks (a test hook). rows comes from the command's --num.
//   {"dir": "", "chunk_rows": 1000, "resume": false, "stop_after_chunks": null}
#pragma once
#include "core/settings_fields.hpp"
#include "pipelines/store_jobs.hpp"

namespace sbi::pipelines {

const FieldTable<StoreJobSettings>& store_job_settings_fields();

}  // namespace sbi::pipelines
