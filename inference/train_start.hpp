// Where a retraining starts, for methods trained round after round (sequential/sequential.hpp):
//   fresh              a new network with new weights and z-scoring fitted on all the data;
//   continue_previous  the previous round's weights and z-scoring (sbi's default in later
//                      rounds, retrain_from_scratch=False); fresh when nothing is trained yet.
#pragma once

namespace sbi::inference {

enum class TrainStart { fresh, continue_previous };

}  // namespace sbi::inference
