// The field table of the multi-round training settings (see sequential_fields.hpp).
#include "pipelines/sequential_fields.hpp"

namespace sbi::pipelines {

const FieldTable<SequentialJobSettings>& sequential_job_fields() {
  using S = SequentialJobSettings;
  static const FieldTable<S> table = {
      number_field("rounds", &S::rounds, "multi-round methods: rounds, the --sims budget split evenly (sbibm: 10)", 1,
                   10'000),
      number_field("atoms", &S::atoms, "snpe-c, snre-b: atoms per row in the atomic loss (sbi's default)", Index(2),
                   Index(1'000'000)),
  };
  return table;
}

}  // namespace sbi::pipelines
