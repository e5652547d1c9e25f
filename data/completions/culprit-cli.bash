# bash completion for culprit-cli                          -*- shell-script -*-
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Completes commands, the subcommands of `patterns` and `token`, the options
# of each, and their values: files for --db, --patterns and file arguments,
# folders for --cache-dir, the fixed choices of --format, --filter, --kind
# and of token kinds. Installed as share/bash-completion/completions/culprit-cli.
# A test (build-aux/check-cli-docs) checks that every command and option
# that culprit-cli --help prints is here.

_culprit_cli_files()
{
    # $1: -d for folders only
    if declare -F _filedir >/dev/null; then
        _filedir "$@"
    else
        local IFS=$'\n'
        if [[ $1 == -d ]]; then
            COMPREPLY+=($(compgen -d -- "$cur"))
        else
            COMPREPLY+=($(compgen -f -- "$cur"))
        fi
        compopt -o filenames 2>/dev/null
    fi
}

_culprit_cli()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null; then
        _init_completion -n =: || return
    else
        COMPREPLY=()
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
        cur=${words[cword]}
        prev=${words[cword - 1]}
    fi

    local commands="scan add-logs builds report classify patterns token"
    local pattern_commands="list add edit retire unretire import export"
    local token_commands="set clear status"
    local token_kinds="circleci github webhook-secret"

    # Find the command and subcommand typed so far
    local i w command="" sub=""
    for ((i = 1; i < cword; i++)); do
        w=${words[i]}
        [[ $w == -* ]] && continue
        if [[ -z $command ]]; then
            command=$w
        elif [[ -z $sub && ($command == patterns || $command == token) ]]; then
            sub=$w
        fi
    done

    if [[ -z $command ]]; then
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return
    fi
    if [[ ($command == patterns || $command == token) && -z $sub ]]; then
        if [[ $command == patterns ]]; then
            COMPREPLY=($(compgen -W "$pattern_commands --help" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$token_commands --help" -- "$cur"))
        fi
        return
    fi

    # Options of each command; the ones in *_arg take a value
    local opts="" opts_arg=""
    case $command${sub:+ $sub} in
        scan)
            opts="--help --wipe --offline --rescan"
            opts_arg="--repo -r --branch -b --count -n --filter --api-url --db -d --cache-dir
                      --jobs -j --scan-threads --log-cap-mb"
            ;;
        add-logs)
            opts="--help"
            opts_arg="--db -d --repo -r --branch -b --job -j --log-cap-mb"
            ;;
        builds | report)
            opts="--help"
            opts_arg="--db -d --repo -r --branch -b --job -j --format -f --since --until"
            ;;
        classify)
            opts="--help"
            opts_arg="--patterns -p --format -f --step"
            ;;
        "patterns list")
            opts="--help --all -a"
            opts_arg="--db -d --format -f"
            ;;
        "patterns add" | "patterns edit")
            opts="--help --regex -r --literal --ignore-case -i --match-case"
            opts_arg="--db -d --name -n --expression -e --description --tag -t --step -s
                      --lines-from-end --specificity --kind -k"
            ;;
        "patterns retire" | "patterns unretire" | "patterns import" | "patterns export")
            opts="--help"
            opts_arg="--db -d"
            ;;
        "token set" | "token clear" | "token status")
            opts="--help"
            opts_arg="--account -a"
            ;;
        *)
            return
            ;;
    esac

    # --option=value
    local option=$prev
    if [[ $cur == --*=* ]]; then
        option=${cur%%=*}
        cur=${cur#*=}
    elif [[ $prev == = && $cword -ge 2 && ${words[cword - 2]} == --* ]]; then
        option=${words[cword - 2]}   # "=" split off as its own word
    elif [[ $cur == = && $prev == --* ]]; then
        cur=""
    elif [[ " $opts_arg " != *[[:space:]]$prev[[:space:]]* ]]; then
        option=""
    fi

    if [[ -n $option ]]; then
        case $command${sub:+ $sub}:$option in
            *:--db | *:-d | classify:--patterns | classify:-p)
                _culprit_cli_files
                ;;
            scan:--cache-dir)
                _culprit_cli_files -d
                ;;
            scan:--filter)
                COMPREPLY=($(compgen -W "failed completed" -- "$cur"))
                ;;
            report:--format | report:-f)
                COMPREPLY=($(compgen -W "text json csv" -- "$cur"))
                ;;
            *:--format | *:-f)
                COMPREPLY=($(compgen -W "text json" -- "$cur"))
                ;;
            *:--kind | *:-k)
                COMPREPLY=($(compgen -W "cause ignore" -- "$cur"))
                ;;
        esac
        return
    fi

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts $opts_arg" -- "$cur"))
        return
    fi

    # Arguments
    case $command${sub:+ $sub} in
        classify | add-logs | "patterns import" | "patterns export")
            _culprit_cli_files
            ;;
        token\ *)
            COMPREPLY=($(compgen -W "$token_kinds" -- "$cur"))
            ;;
    esac
}

complete -F _culprit_cli culprit-cli
