//! `az-playground`: runs a `.az` script against a fresh model and prints what the console would.

use std::io::{Read, Write};

const USAGE: &str = "usage: az-playground [--seed N] [--keep-going] [FILE | -]
       az-playground --from-link URL
       az-playground --export-script [--seed N] FILE
       az-playground lesson check FILE...

Runs an Azure CLI script (az commands, echo, shell variables, $(...), the playground's
own sleep and playground token, and ssh into a VM: the lines after it run inside until
exit) against a fresh
Managed Identity Playground model and prints exactly what the playground's console prints.
With no FILE, or FILE '-', the script is read from standard input.

options:
  --seed N       fix the generated IDs (default 0)
  --keep-going   run every command even after a failure (exit 1 at the end if any failed)
  -h, --help     show this help

exit status: 0 when every command succeeded, 1 on the first failure, 2 on a usage error

--from-link prints the session a share link holds (the playground's Share link, #s1.…) as a
script, with the seed that gives it the same IDs; it exits 1 saying why when the link is bad.

--export-script reads a session (FILE: its lines, as the playground's Download as a file
saves them, or '-') and prints it as a bash script for a real Azure subscription: the same az
lines, variables for the IDs the playground made up (read back from Azure as the script goes),
$SUFFIX on names that must be unique in all of Azure, and a commented cleanup section. Run
through az-playground with the same seed, the script gives back the session exactly.

lesson check reads lesson files (and an index.json, against the lesson files beside it), runs
each lesson's setup and every step's solution, printing each goal as it turns true, and exits 0
only when every lesson is solvable, its setup alone leaves step 1 open and it stays unsolved
without its last solution line; otherwise it prints what is wrong and exits 1.
";

fn main() {
    std::process::exit(run());
}

fn run() -> i32 {
    let all: Vec<String> = std::env::args().skip(1).collect();
    if all.first().map(String::as_str) == Some("lesson") {
        return lesson(&all[1..]);
    }
    if all.first().map(String::as_str) == Some("--from-link") {
        return match (all.get(1), all.len()) {
            (Some(url), 2) => match console::link::read(url) {
                Ok(shared) => {
                    print!("{}", console::link::script(&shared));
                    0
                }
                Err(why) => {
                    eprintln!("az-playground: the link can't be read: {why}");
                    1
                }
            },
            _ => {
                eprint!("az-playground: --from-link takes one URL\n\n{USAGE}");
                2
            }
        };
    }
    if all.first().map(String::as_str) == Some("--export-script") {
        return export(&all[1..]);
    }
    let mut seed: u64 = 0;
    let mut keep_going = false;
    let mut file: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                print!("{USAGE}");
                return 0;
            }
            "--keep-going" => keep_going = true,
            "--seed" => match args.next().and_then(|value| value.parse().ok()) {
                Some(value) => seed = value,
                None => {
                    eprint!("az-playground: --seed needs a number\n\n{USAGE}");
                    return 2;
                }
            },
            _ if file.is_none() && (arg == "-" || !arg.starts_with('-')) => file = Some(arg),
            _ => {
                eprint!("az-playground: unexpected argument '{arg}'\n\n{USAGE}");
                return 2;
            }
        }
    }
    let mut script = String::new();
    let read = match file.as_deref() {
        None | Some("-") => std::io::stdin().read_to_string(&mut script).map(|_| ()),
        Some(path) => std::fs::read_to_string(path).map(|text| script = text),
    };
    if let Err(error) = read {
        eprintln!(
            "az-playground: cannot read {}: {error}",
            file.as_deref().unwrap_or("standard input")
        );
        return 2;
    }
    let mut console = terminal::Terminal::new(seed);
    let name = file.as_deref().filter(|f| *f != "-").unwrap_or("<stdin>");
    let run = console::script::run(&mut console, name, &script, keep_going);
    for (stream, text) in &run.printed {
        let _ = match stream {
            console::Stream::Stdout => std::io::stdout().write_all(text.as_bytes()),
            console::Stream::Stderr => {
                let _ = std::io::stdout().flush();
                std::io::stderr().write_all(text.as_bytes())
            }
        };
    }
    let _ = std::io::stdout().flush();
    run.exit_code
}

/// `az-playground --export-script [--seed N] FILE`.
fn export(args: &[String]) -> i32 {
    let (seed, file) = match args {
        [file] => (Some(0), file),
        [flag, seed, file] if flag == "--seed" => (seed.parse().ok(), file),
        _ => (None, &String::new()),
    };
    let Some(seed) = seed else {
        eprint!("az-playground: --export-script takes [--seed N] and one FILE\n\n{USAGE}");
        return 2;
    };
    let text = match file.as_str() {
        "-" => {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).map(|_| text)
        }
        path => std::fs::read_to_string(path),
    };
    let text = match text {
        Ok(text) => text,
        Err(error) => {
            eprintln!("az-playground: cannot read {file}: {error}");
            return 2;
        }
    };
    let lines: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_string)
        .collect();
    match console::export::real_azure(seed, &lines) {
        Ok(script) => {
            print!("{script}");
            0
        }
        Err(why) => {
            eprintln!("az-playground: the session can't be exported: {why}");
            1
        }
    }
}

/// `az-playground lesson check FILE…`.
fn lesson(args: &[String]) -> i32 {
    match args.split_first() {
        Some((check, files)) if check == "check" && !files.is_empty() => {
            let (printed, status) = console::lesson_check::run(files);
            let _ = std::io::stdout().write_all(printed.as_bytes());
            let _ = std::io::stdout().flush();
            status
        }
        _ => {
            eprint!("az-playground: lesson needs 'check' and at least one FILE\n\n{USAGE}");
            2
        }
    }
}
