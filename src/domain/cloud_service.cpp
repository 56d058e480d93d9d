#include "domain/cloud_service.hpp"

#include "domain/name_table.hpp"

namespace ismap::domain {
namespace {

constexpr NameTable<ServiceModel, 3> kServiceModelNames = {{
    {ServiceModel::kIaas, "iaas"},
    {ServiceModel::kPaas, "paas"},
    {ServiceModel::kSaas, "saas"},
}};
constexpr NameTable<DeploymentModel, 4> kDeploymentNames = {{
    {DeploymentModel::kPublic, "public"},
    {DeploymentModel::kPrivate, "private"},
    {DeploymentModel::kCommunity, "community"},
    {DeploymentModel::kHybrid, "hybrid"},
}};
constexpr NameTable<Track, 2> kTrackNames = {{{Track::kIsmap, "ismap"}, {Track::kLiu, "liu"}}};

}  // namespace

std::string_view ToString(ServiceModel model) { return NameOf(kServiceModelNames, model); }
std::string_view ToString(DeploymentModel model) { return NameOf(kDeploymentNames, model); }
std::string_view ToString(Track track) { return NameOf(kTrackNames, track); }
std::optional<ServiceModel> ServiceModelFromString(std::string_view text) { return ValueOf(kServiceModelNames, text); }
std::optional<DeploymentModel> DeploymentModelFromString(std::string_view text) {
  return ValueOf(kDeploymentNames, text);
}
std::optional<Track> TrackFromString(std::string_view text) { return ValueOf(kTrackNames, text); }

}  // namespace ismap::domain
