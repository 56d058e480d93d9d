// The statement editor's page (issue 7), shared by the routes in statements.cpp: the state a
// refused POST leaves for it, and the page built from a statement, its edition and that state.
// Internal to src/web.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "domain/criteria.hpp"
#include "domain/statement.hpp"
#include "web/pages/service_common.hpp"

namespace ismap::web::pages {

struct HeaderInput {
  std::string scope, system_overview, representative, period_first, period_last, subsequent_events;
};

// What a POST leaves for the editor it re-renders.
struct EditorState {
  PageErrors errors;
  std::string notice;
  int status = 200;
  std::optional<HeaderInput> header;                   // as typed
  std::map<std::string, domain::StatementEntry> rows;  // as typed, by control id
  std::string chapter, q;                              // what was shown
};

// ASCII lower case (searches, file name extensions).
std::string Lower(std::string_view text);
// A control that needs a decision: neither a group nor withdrawn.
inline bool Counts(const domain::Control& c) { return !c.is_group && !c.withdrawn; }
// The header field a problem's reason belongs to ("" when none).
std::string HeaderField(const std::string& reason);
// /statements/{id} with the chapter and search shown.
std::string EditorHref(domain::StatementId id, const std::string& chapter, const std::string& q);

// The editor (or the read-only view) of statement `id` for `visitor`, with `state`'s input and errors.
http::Response EditorPage(const http::Request& request, PagesContext& context, const app::Authenticated& visitor,
                          domain::StatementId id, EditorState& state);

}  // namespace ismap::web::pages
