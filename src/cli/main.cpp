// ismap: the program. Parses the command line with CLI11 and runs one subcommand.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "cli/audit_body_commands.hpp"
#include "cli/catalog_commands.hpp"
#include "cli/commands.hpp"
#include "cli/jobs_commands.hpp"
#include "cli/mail_commands.hpp"

namespace {

void AddConfigOption(CLI::App* command, ismap::cli::CommonOptions& options) {
  command->add_option_function<std::string>(
      "-c,--config", [&options](const std::string& file) { options.config_file = file; },
      "TOML configuration file (then ISMAP_* environment variables, then flags)");
}

}  // namespace

int main(int argc, char** argv) {
  try {
    CLI::App app{"ismap: the ISMAP programme's system (control criteria, registrations, public lists)", "ismap"};
    app.require_subcommand(1);
    ismap::cli::CommonOptions options;

    CLI::App* serve = app.add_subcommand("serve", "Run the HTTP server (pages, API, health, metrics)");
    AddConfigOption(serve, options);
    serve->add_option_function<std::string>(
        "-l,--listen", [&options](const std::string& v) { options.flags.emplace_back("http.listen", v); },
        "Address and port to listen on, ADDRESS:PORT (config http.listen)");
    serve->add_flag_function(
        "--demo", [&options](std::int64_t) { options.flags.emplace_back("demo", "true"); },
        "Seed demonstration data and show the demo banner (config demo)");

    std::string admin_email = "admin@ismap.local";
    CLI::App* init = app.add_subcommand(
        "init", "Create the database, apply migrations, start the ledger, create the first administrator");
    AddConfigOption(init, options);
    init->add_option("--admin-email", admin_email, "E-mail address of the first administrator")->capture_default_str();

    ismap::cli::OrgAddOptions org_add;
    CLI::App* org = app.add_subcommand("org", "Organisations");
    org->require_subcommand(1);
    CLI::App* org_add_cmd = org->add_subcommand("add", "Register an organisation");
    AddConfigOption(org_add_cmd, options);
    org_add_cmd->add_option("--kind", org_add.kind, "csp, audit_body, agency, operations_support_body, ...")
        ->required();
    org_add_cmd->add_option("--name-ja", org_add.name_ja, "Japanese name")->required();
    org_add_cmd->add_option("--name-en", org_add.name_en, "English name")->required();
    org_add_cmd->add_option("--corporate-number", org_add.corporate_number, "13-digit corporate number (法人番号)");

    ismap::cli::UserAddOptions user_add;
    CLI::App* user = app.add_subcommand("user", "Users");
    user->require_subcommand(1);
    CLI::App* user_add_cmd = user->add_subcommand("add", "Add a user; prints a one-time password once");
    AddConfigOption(user_add_cmd, options);
    user_add_cmd->add_option("--org", user_add.organization, "Organisation id")->required();
    user_add_cmd->add_option("--email", user_add.email, "E-mail address (the login name)")->required();
    user_add_cmd->add_option("--name", user_add.display_name, "Display name")->required();
    user_add_cmd->add_option("--role", user_add.roles, "Role (repeat for several): csp_admin, auditor, reviewer, ...")
        ->required();

    CLI::App* migrate = app.add_subcommand("migrate", "Apply pending database migrations");
    AddConfigOption(migrate, options);

    std::string backup_file;
    CLI::App* backup = app.add_subcommand("backup", "Copy the SQLite database to FILE while the server keeps running");
    AddConfigOption(backup, options);
    backup->add_option("FILE", backup_file, "Where to write the backup (must not exist)")->required();

    std::string restore_file;
    CLI::App* restore = app.add_subcommand(
        "restore", "Replace the SQLite database with a backup, after checking it (stop the server first)");
    AddConfigOption(restore, options);
    restore->add_option("FILE", restore_file, "A file written by `ismap backup`")->required();

    CLI::App* ledger = app.add_subcommand("ledger", "Work with the ledger of events");
    ledger->require_subcommand(1);
    CLI::App* verify = ledger->add_subcommand("verify", "Recompute the hash chain and name the first bad event");
    AddConfigOption(verify, options);

    CLI::App* config = app.add_subcommand("config", "Configuration");
    config->require_subcommand(1);
    CLI::App* keys = config->add_subcommand("keys", "List every configuration key with its default");

    ismap::cli::OscalValidateOptions oscal_validate;
    CLI::App* oscal = app.add_subcommand("oscal", "OSCAL documents (catalogs, profiles, SSPs, ...)");
    oscal->require_subcommand(1);
    CLI::App* oscal_validate_cmd = oscal->add_subcommand(
        "validate", "Check OSCAL JSON files against the NIST OSCAL complete schema (1.1.2 or 1.1.3)");
    oscal_validate_cmd->add_option("FILE", oscal_validate.files, "OSCAL JSON file (repeat for several)")->required();
    oscal_validate_cmd
        ->add_option("--format", oscal_validate.format, "Output: text (FILE: POINTER: RULE: MESSAGE), json or sarif")
        ->check(CLI::IsMember({"text", "json", "sarif"}))
        ->capture_default_str();
    oscal_validate_cmd
        ->add_option("--schema", oscal_validate.schema,
                     "Schema version for every file; default: each file's metadata/oscal-version "
                     "(other versions are checked against 1.1.3 with a warning)")
        ->check(CLI::IsMember({"1.1.2", "1.1.3"}));
    oscal_validate_cmd->footer(
        "Exit status: 0 every file is valid (warnings allowed); 1 some file has an error finding (schema "
        "violation, malformed JSON, unreadable file); 2 usage error.");

    ismap::cli::OscalResolveOptions oscal_resolve;
    CLI::App* oscal_resolve_cmd = oscal->add_subcommand(
        "resolve", "Resolve an OSCAL profile into the catalog it selects and tailors (OSCAL profile resolution)");
    oscal_resolve_cmd->add_option("PROFILE", oscal_resolve.profile, "OSCAL profile (JSON)")->required();
    oscal_resolve_cmd
        ->add_option("--catalog", oscal_resolve.catalogs,
                     "FILE: use FILE for the document the profile imports (when it imports one); HREF=FILE: use "
                     "FILE wherever HREF is imported (an import's href, a back-matter rlink's href, or its "
                     "absolute URI), at any depth. Repeat for several")
        ->allow_extra_args(false);
    oscal_resolve_cmd->add_option("-o,--output", oscal_resolve.output,
                                  "Write the catalog (JSON, 2-space indent) to OUT; default: standard output");
    oscal_resolve_cmd->footer(
        "Other hrefs are resolved against the profile's location and read from local files only: an http(s) "
        "href without a --catalog mapping is reported as an unresolved import. Findings go to standard error as "
        "PROFILE: POINTER: SEVERITY: RULE: MESSAGE.\n"
        "Exit status: 0 resolved; 1 resolved with error findings (unresolved import, unknown control, circular "
        "import); 2 usage error, or an unreadable profile, --catalog file or output.");

    ismap::cli::CatalogCommands catalog_commands;
    catalog_commands.Register(app, [&options](CLI::App* command) { AddConfigOption(command, options); });

    ismap::cli::MailCommands mail_commands;
    mail_commands.Register(app, [&options](CLI::App* command) { AddConfigOption(command, options); });

    ismap::cli::AuditBodyCommands audit_body_commands;
    audit_body_commands.Register(app, [&options](CLI::App* command) { AddConfigOption(command, options); });

    ismap::cli::JobsCommands jobs_commands;
    jobs_commands.Register(app, [&options](CLI::App* command) { AddConfigOption(command, options); });

    CLI::App* version = app.add_subcommand("version", "Print the version");

    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      const int code = app.exit(e);
      return code == 0 ? 0 : ismap::cli::kExitConfig;
    }

    if (auto code = catalog_commands.RunIfParsed(options)) {
      return *code;
    }
    if (auto code = mail_commands.RunIfParsed(options)) {
      return *code;
    }
    if (auto code = audit_body_commands.RunIfParsed(options)) {
      return *code;
    }
    if (auto code = jobs_commands.RunIfParsed(options)) {
      return *code;
    }
    if (serve->parsed()) {
      return ismap::cli::RunServe(options);
    }
    if (init->parsed()) {
      return ismap::cli::RunInit(options, admin_email);
    }
    if (org_add_cmd->parsed()) {
      return ismap::cli::RunOrgAdd(options, org_add);
    }
    if (user_add_cmd->parsed()) {
      return ismap::cli::RunUserAdd(options, user_add);
    }
    if (migrate->parsed()) {
      return ismap::cli::RunMigrate(options);
    }
    if (backup->parsed()) {
      return ismap::cli::RunBackup(options, backup_file);
    }
    if (restore->parsed()) {
      return ismap::cli::RunRestore(options, restore_file);
    }
    if (verify->parsed()) {
      return ismap::cli::RunLedgerVerify(options);
    }
    if (keys->parsed()) {
      return ismap::cli::RunConfigKeys();
    }
    if (oscal_validate_cmd->parsed()) {
      return ismap::cli::RunOscalValidate(oscal_validate);
    }
    if (oscal_resolve_cmd->parsed()) {
      return ismap::cli::RunOscalResolve(oscal_resolve);
    }
    if (version->parsed()) {
      return ismap::cli::RunVersion();
    }
    return ismap::cli::kExitConfig;
  } catch (const std::exception& e) {
    // The one top-level catch: anything unexpected ends the program with a message, not a trace.
    std::cerr << "ismap: fatal: " << e.what() << "\n";
    return ismap::cli::kExitFailure;
  }
}
