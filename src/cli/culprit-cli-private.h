/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <culprit.h>

G_BEGIN_DECLS

/* Exit statuses of culprit-cli */
#define CULPRIT_CLI_EXIT_OK       0
#define CULPRIT_CLI_EXIT_FAILURE  1   /* the work failed: network, database, ... */
#define CULPRIT_CLI_EXIT_USAGE    2   /* bad usage or bad input */

typedef int (*CulpritCliCommandFunc) (int argc, char **argv);

typedef struct
{
  const char            *name;
  CulpritCliCommandFunc  func;
  const char            *summary;   /* translatable, marked with N_() */
} CulpritCliCommand;

int           culprit_cli_add_logs    (int argc, char **argv);
int           culprit_cli_builds      (int argc, char **argv);
int           culprit_cli_classify    (int argc, char **argv);
int           culprit_cli_report      (int argc, char **argv);
int           culprit_cli_scan        (int argc, char **argv);
int           culprit_cli_patterns    (int argc, char **argv);
int           culprit_cli_token       (int argc, char **argv);

int           culprit_cli_dispatch    (const char              *prefix,
                                       const CulpritCliCommand *commands,
                                       int                      argc,
                                       char                   **argv);
gboolean      culprit_cli_parse       (GOptionContext          *context,
                                       int                     *argc,
                                       char                  ***argv,
                                       int                     *exit_status);
int           culprit_cli_usage_error (GOptionContext          *context,
                                       const char              *format,
                                       ...) G_GNUC_PRINTF (2, 3);
int           culprit_cli_error       (int                      status,
                                       const char              *format,
                                       ...) G_GNUC_PRINTF (2, 3);
CulpritStore *culprit_cli_open_store  (const char              *path,
                                       int                     *exit_status);
CulpritStore *culprit_cli_open_existing_store (const char        *path,
                                       int                     *exit_status);
CulpritStore *culprit_cli_open_store_for_reading (const char     *path,
                                       int                     *exit_status);
char         *culprit_cli_json_to_string (JsonNode             *root);

G_END_DECLS
