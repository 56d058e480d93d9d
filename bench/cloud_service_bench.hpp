// What ismap_cloud_service_seed writes and ismap_cloud_service_benchmark looks up (issue 7).
#pragma once

namespace ismap::bench {

// The synthetic ISMAP-shaped edition every seeded statement pins.
inline constexpr char kCloudEditionKey[] = "ismap-bench-1159";
// The reviewer whose queue is timed.
inline constexpr char kCloudReviewerEmail[] = "reviewer@seed.bench.ismap.example";
// The administrator of provider 0001, the provider with the most applications (the dashboard's
// worst case); its first service has a draft statement the benchmark saves again and again.
inline constexpr char kBigProviderAdminEmail[] = "admin@csp0001.seed.bench.ismap.example";

}  // namespace ismap::bench
