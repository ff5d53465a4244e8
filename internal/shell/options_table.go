package shell

import (
	"slices"
	"strings"
)

// This file is data: the complete option grammar of everyday programs,
// taken from each program's own --help (GNU coreutils 9.1, grep 3.8, tar
// 1.34, gzip 1.12, findutils 4.9, make 4.3, jq 1.6) or manual page (git
// 2.39), in the grammar of optSyntax.addOptions. Effects are not here:
// the options that run code, write or read files are in effects_table.go.
// What a list holds is known; any other option of the program is not, and
// a command with an unknown option is never allowed automatically. Keys are
// a program name or "program subcommand".
//
// A short option takes a value only when --help shows one for it: tail -f
// is a flag although --follow[=HOW] takes one, so -fn5 is -f -n5.
//
// git's long options with a value are listed as taking an attached value
// only ("--max-count=?"): parse-options takes "--opt value" for a required
// value alone, and guessing "required" for an optional one would swallow
// the next word (git diff -U --output=/x).
var knownOptions = map[string]string{
	"b2sum": "--binary -b --check -c --length= -l= --tag --text -t --zero -z --ignore-missing --quiet --status " +
		"--strict --warn -w --help --version",
	"base32":   "--decode -d --ignore-garbage -i --wrap= -w= --help --version",
	"base64":   "--decode -d --ignore-garbage -i --wrap= -w= --help --version",
	"basename": "--multiple -a --suffix= -s= --zero -z --help --version",
	"cat": "--show-all -A --number-nonblank -b -e --show-ends -E --number -n --squeeze-blank -s -t --show-tabs " +
		"-T -u --show-nonprinting -v --help --version",
	"cksum": "--algorithm= -a= --check -c --length= -l= --tag --untagged --zero -z --ignore-missing --quiet " +
		"--status --strict --warn -w --debug --help --version",
	"cmp": "--print-bytes -b --ignore-initial= -i= --verbose -l --bytes= -n= --quiet --silent -s --help " +
		"--version -v",
	"comm": "-1 -2 -3 --check-order --nocheck-order --output-delimiter= --total --zero-terminated -z --help " +
		"--version",
	"cp": "--archive -a --attributes-only --backup=? -b --copy-contents -d --force -f --interactive -i -H " +
		"--link -l --dereference -L --no-clobber -n --no-dereference -P -p --preserve=? --no-preserve= " +
		"--parents --recursive -R -r --reflink=? --remove-destination --sparse= --strip-trailing-slashes " +
		"--symbolic-link -s --suffix= -S= --target-directory= -t= --no-target-directory -T --update -u " +
		"--verbose -v --one-file-system -x -Z --context=? --help --version",
	"cut": "--bytes= -b= --characters= -c= --delimiter= -d= --fields= -f= -n --complement --only-delimited -s " +
		"--output-delimiter= --zero-terminated -z --help --version -M",
	"diff": "--normal --brief -q --report-identical-files -s --context=? -c -C= --unified=? -u -U= --ed -e " +
		"--rcs -n --side-by-side -y --width= -W= --left-column --suppress-common-lines --show-c-function -p " +
		"--show-function-line= -F= --label= --expand-tabs -t --initial-tab -T --tabsize= " +
		"--suppress-blank-empty --paginate -l --recursive -r --no-dereference --new-file -N " +
		"--unidirectional-new-file --ignore-file-name-case --no-ignore-file-name-case --exclude= -x= " +
		"--exclude-from= -X= --starting-file= -S= --from-file= --to-file= --ignore-case -i " +
		"--ignore-tab-expansion -E --ignore-trailing-space -Z --ignore-space-change -b --ignore-all-space -w " +
		"--ignore-blank-lines -B --ignore-matching-lines= -I= --text -a --strip-trailing-cr --ifdef= -D= " +
		"--GTYPE-group-format= --line-format= --LTYPE-line-format= --minimal -d --horizon-lines= " +
		"--speed-large-files --color=? --palette= --help --version -v",
	"dirname": "--zero -z --help --version",
	"du": "--null -0 --all -a --apparent-size --block-size= -B= --bytes -b --total -c --dereference-args -D " +
		"--max-depth= -d= --files0-from= -H --human-readable -h --inodes -k --dereference -L --count-links -l " +
		"-m --no-dereference -P --separate-dirs -S --si --summarize -s --threshold= -t= --time --time= " +
		"--time-style= --exclude-from= -X= --exclude= --one-file-system -x --help --version",
	"egrep": "--extended-regexp -E --fixed-strings -F --basic-regexp -G --perl-regexp -P --regexp= -e= --file= -f= " +
		"--ignore-case -i --no-ignore-case --word-regexp -w --line-regexp -x --null-data -z --no-messages -s " +
		"--invert-match -v --version -V --help --max-count= -m= --byte-offset -b --line-number -n " +
		"--line-buffered --with-filename -H --no-filename -h --label= --only-matching -o --quiet --silent -q " +
		"--binary-files= --text -a -I --directories= -d= --devices= -D= --recursive -r " +
		"--dereference-recursive -R --include= --exclude= --exclude-from= --exclude-dir= " +
		"--files-without-match -L --files-with-matches -l --count -c --initial-tab -T --null -Z " +
		"--before-context= -B= --after-context= -A= --context= -C= -N= --group-separator= " +
		"--no-group-separator --color=? --colour=? --binary -U",
	"expand": "--initial -i --tabs= -t= --help --version",
	"fgrep": "--extended-regexp -E --fixed-strings -F --basic-regexp -G --perl-regexp -P --regexp= -e= --file= -f= " +
		"--ignore-case -i --no-ignore-case --word-regexp -w --line-regexp -x --null-data -z --no-messages -s " +
		"--invert-match -v --version -V --help --max-count= -m= --byte-offset -b --line-number -n " +
		"--line-buffered --with-filename -H --no-filename -h --label= --only-matching -o --quiet --silent -q " +
		"--binary-files= --text -a -I --directories= -d= --devices= -D= --recursive -r " +
		"--dereference-recursive -R --include= --exclude= --exclude-from= --exclude-dir= " +
		"--files-without-match -L --files-with-matches -l --count -c --initial-tab -T --null -Z " +
		"--before-context= -B= --after-context= -A= --context= -C= -N= --group-separator= " +
		"--no-group-separator --color=? --colour=? --binary -U",
	"file": "--help --version -v --magic-file= -m= --uncompress -z --uncompress-noreport -Z --brief -b " +
		"--checking-printout -c --exclude= -e= --exclude-quiet= --files-from= -f= --separator= -F= --mime -i " +
		"--apple --extension --mime-type --mime-encoding --keep-going -k --list -l --dereference -L " +
		"--no-dereference -h --no-buffer -n --no-pad -N --print0 -0 --preserve-date -p --parameter -P --raw " +
		"-r --special-files -s --no-sandbox -S --compile -C --debug -d",
	"fmt": "--crown-margin -c --prefix= -p= --split-only -s --tagged-paragraph -t --uniform-spacing -u --width= " +
		"-w= --goal= -g= --help --version",
	"fold": "--bytes -b --spaces -s --width= -w= --help --version",
	"grep": "--extended-regexp -E --fixed-strings -F --basic-regexp -G --perl-regexp -P --regexp= -e= --file= -f= " +
		"--ignore-case -i --no-ignore-case --word-regexp -w --line-regexp -x --null-data -z --no-messages -s " +
		"--invert-match -v --version -V --help --max-count= -m= --byte-offset -b --line-number -n " +
		"--line-buffered --with-filename -H --no-filename -h --label= --only-matching -o --quiet --silent -q " +
		"--binary-files= --text -a -I --directories= -d= --devices= -D= --recursive -r " +
		"--dereference-recursive -R --include= --exclude= --exclude-from= --exclude-dir= " +
		"--files-without-match -L --files-with-matches -l --count -c --initial-tab -T --null -Z " +
		"--before-context= -B= --after-context= -A= --context= -C= -N= --group-separator= " +
		"--no-group-separator --color=? --colour=? --binary -U",
	"gunzip": "--stdout -c --force -f --keep -k --list -l --no-name -n --name -N --quiet -q --recursive -r " +
		"--suffix= -S= --synchronous= --test -t --verbose -v --help --version",
	"gzip": "--stdout -c --decompress -d --force -f --help -h --keep -k --list -l --license -L --no-name -n " +
		"--name -N --quiet -q --recursive -r --rsyncable --suffix= -S= --synchronous= --test -t --verbose -v " +
		"--version -V --fast -1 --best -9",
	"head": "--bytes= -c= --lines= -n= --quiet --silent -q --verbose -v --zero-terminated -z --help --version",
	"join": "-a= -e= --ignore-case -i -j= -o= -t= -v= -1= -2= --check-order --nocheck-order --header " +
		"--zero-terminated -z --help --version",
	"ln": "--backup=? -b --directory -d -F --force -f --interactive -i --logical -L --no-dereference -n " +
		"--physical -P --relative -r --symbolic -s --suffix= -S= --target-directory= -t= " +
		"--no-target-directory -T --verbose -v --help --version",
	"ls": "--all -a --almost-all -A --author --escape -b --block-size= --ignore-backups -B -c -C --color=? " +
		"--directory -d --dired -D -f --classify=? -F --file-type --format= --full-time -g " +
		"--group-directories-first --no-group -G --human-readable -h --si --dereference-command-line -H " +
		"--dereference-command-line-symlink-to-dir --hide= --hyperlink=? --indicator-style= --inode -i " +
		"--ignore= -I= --kibibytes -k -l --dereference -L -m --numeric-uid-gid -n --literal -N -o -p " +
		"--hide-control-chars -q --show-control-chars --quote-name -Q --quoting-style= --reverse -r " +
		"--recursive -R --size -s -S --sort= --time= --time-style= -t --tabsize= -T= -u -U -v --width= -w= -x " +
		"-X --context -Z --zero -1 --help --version",
	"make": "-b -m --always-make -B --directory= -C= -d --debug=? --environment-overrides -e --eval= -E= --file= " +
		"--makefile= -f= --help -h --ignore-errors -i --include-dir= -I= --jobs=? -j=? --keep-going -k " +
		"--load-average=? --max-load=? -l=? --check-symlink-times -L --just-print --dry-run --recon -n " +
		"--old-file= --assume-old= -o= --output-sync=? -O=? --print-data-base -p --question -q " +
		"--no-builtin-rules -r --no-builtin-variables -R --silent --quiet -s --no-silent --no-keep-going " +
		"--stop -S --touch -t --trace --version -v --print-directory -w --no-print-directory --what-if= " +
		"--new-file= --assume-new= -W= --warn-undefined-variables",
	"md5sum": "--binary -b --check -c --tag --text -t --zero -z --ignore-missing --quiet --status --strict --warn " +
		"-w --help --version",
	"mkdir": "--mode= -m= --parents -p --verbose -v -Z --context=? --help --version",
	"mv": "--backup=? -b --force -f --interactive -i --no-clobber -n --strip-trailing-slashes --suffix= -S= " +
		"--target-directory= -t= --no-target-directory -T --update -u --verbose -v --context -Z --help " +
		"--version",
	"nl": "--body-numbering= -b= --section-delimiter= -d= --footer-numbering= -f= --header-numbering= -h= " +
		"--line-increment= -i= --join-blank-lines= -l= --number-format= -n= --no-renumber -p " +
		"--number-separator= -s= --starting-line-number= -v= --number-width= -w= --help --version",
	"od": "--address-radix= -A= --endian= --skip-bytes= -j= --read-bytes= -N= --strings=? -S= --format= -t= " +
		"--output-duplicates -v --width=? -w=? --traditional --help --version -a -b -c -d -f -i -l -o -s -x",
	"paste": "--delimiters= -d= --serial -s --zero-terminated -z --help --version",
	"readlink": "--canonicalize -f --canonicalize-existing -e --canonicalize-missing -m --no-newline -n --quiet -q " +
		"--silent -s --verbose -v --zero -z --help --version",
	"realpath": "--canonicalize-existing -e --canonicalize-missing -m --logical -L --physical -P --quiet -q " +
		"--relative-to= --relative-base= --strip --no-symlinks -s --zero -z --help --version",
	"rm": "--force -f -i -I --interactive=? --one-file-system --no-preserve-root --preserve-root=? --recursive " +
		"-r -R --dir -d --verbose -v --help --version",
	"rmdir": "--ignore-fail-on-non-empty --parents -p --verbose -v --help --version",
	"sha1sum": "--binary -b --check -c --tag --text -t --zero -z --ignore-missing --quiet --status --strict --warn " +
		"-w --help --version",
	"sha256sum": "--binary -b --check -c --tag --text -t --zero -z --ignore-missing --quiet --status --strict --warn " +
		"-w --help --version",
	"sha512sum": "--binary -b --check -c --tag --text -t --zero -z --ignore-missing --quiet --status --strict --warn " +
		"-w --help --version",
	"sort": "--ignore-leading-blanks -b --dictionary-order -d --ignore-case -f --general-numeric-sort -g " +
		"--ignore-nonprinting -i --month-sort -M --human-numeric-sort -h --numeric-sort -n --random-sort -R " +
		"--random-source= --reverse -r --sort= --version-sort -V --batch-size= --check --check= -c= -C= " +
		"--compress-program= --debug --files0-from= --key= -k= --merge -m --output= -o= --stable -s " +
		"--buffer-size= -S= --field-separator= -t= --temporary-directory= -T= --parallel= --unique -u " +
		"--zero-terminated -z --help --version",
	"stat": "--dereference -L --file-system -f --cached= -c --printf= --terse -t --help --version",
	"sum":  "-r --sysv -s --help --version",
	"tac":  "--before -b --regex -r --separator= -s= --help --version",
	"tail": "--bytes= -c= --follow=? -f -F --lines= -n= --max-unchanged-stats= --pid= --quiet --silent -q " +
		"--retry --sleep-interval= -s= --verbose -v --zero-terminated -z --help --version",
	"tar": "--catenate --concatenate -A --create -c --delete --diff --compare -d --append -r --test-label --list " +
		"-t --update -u --extract --get -x --check-device --listed-incremental= -g= --incremental -G " +
		"--hole-detection= --ignore-failed-read --level= --no-check-device --no-seek --seek -n --occurrence=? " +
		"--sparse-version= --sparse -S --add-file= --directory= -C= --exclude= --exclude-backups " +
		"--exclude-caches --exclude-caches-all --exclude-caches-under= --exclude-ignore= " +
		"--exclude-ignore-recursive= --exclude-tag= --exclude-tag-all= --exclude-tag-under= --exclude-vcs " +
		"--exclude-vcs-ignores --no-null --no-recursion --no-unquote --no-verbatim-files-from --null " +
		"--recursion --files-from= -T= --unquote --verbatim-files-from --exclude-from= -X= --anchored " +
		"--ignore-case --no-anchored --no-ignore-case --no-wildcards --no-wildcards-match-slash --wildcards " +
		"--wildcards-match-slash --keep-directory-symlink --keep-newer-files --keep-old-files -k " +
		"--no-overwrite-dir --one-top-level=? --overwrite --overwrite-dir --recursive-unlink --remove-files " +
		"--skip-old-files --unlink-first -U --verify -W --ignore-command-error= --no-ignore-command-error " +
		"--to-stdout -O --to-command= --atime-preserve=? --clamp-mtime --delay-directory-restore --group= " +
		"--group-map= --mode= --mtime= --touch -m --no-delay-directory-restore --no-same-owner " +
		"--no-same-permissions --numeric-owner --owner= --owner-map= --preserve-permissions " +
		"--same-permissions -p --same-owner --sort= --preserve-order --same-order -s --acls --no-acls " +
		"--no-selinux --no-xattrs --selinux --xattrs --xattrs-exclude= --xattrs-include= --force-local " +
		"--file= -f= --info-script= --new-volume-script= -F= --tape-length= -L= --multi-volume -M " +
		"--rmt-command= --rsh-command= --volno-file= --blocking-factor= -b= --read-full-records -B " +
		"--ignore-zeros -i --record-size= --format= -H= --old-archive --portability --pax-option= --posix " +
		"--label= -V= --auto-compress -a --use-compress-program= -I= --bzip2 -j --xz -J --lzip --lzma --lzop " +
		"--no-auto-compress --zstd --gzip --gunzip --ungzip -z --compress --uncompress -Z --backup=? " +
		"--hard-dereference --dereference -h --starting-file= -K= --newer-mtime= --newer= --after-date= -N= " +
		"--one-file-system --absolute-names -P --suffix= --strip-components= --transform= --xform= " +
		"--checkpoint=? --checkpoint-action= --full-time --index-file= --check-links -l --no-quote-chars= " +
		"--quote-chars= --quoting-style= --block-number -R --show-defaults --show-omitted-dirs " +
		"--show-snapshot-field-ranges --show-transformed-names --show-stored-names --totals=? --utc --verbose " +
		"-v --warning= --interactive --confirmation -w -o --help --restrict --usage --version",
	"tee": "--append -a --ignore-interrupts -i -p --output-error=? --help --version",
	"touch": "-a --no-create -c --date= -d= -f --no-dereference -h -m --reference= -r= -t= --time= --help " +
		"--version",
	"tr": "--complement -c -C --delete -d --squeeze-repeats -s --truncate-set1 -t --help --version",
	"uname": "--all -a --kernel-name -s --nodename -n --kernel-release -r --kernel-version -v --machine -m " +
		"--processor -p --hardware-platform -i --operating-system -o --help --version",
	"unexpand": "--all -a --first-only --tabs= -t= --help --version",
	"uniq": "--count -c --repeated -d -D --all-repeated=? --skip-fields= -f= --group=? --ignore-case -i " +
		"--skip-chars= -s= --unique -u --zero-terminated -z --check-chars= -w= --help --version",
	"wc": "--bytes -c --chars -m --lines -l --files0-from= --max-line-length -L --words -w --help --version",
	"git": "-v --version -h --help -C= -c= --config-env=? --exec-path=? --html-path --man-path --info-path -p " +
		"--paginate -P --no-pager --git-dir=? --work-tree=? --namespace=? --super-prefix=? --bare " +
		"--no-replace-objects --literal-pathspecs --glob-pathspecs --noglob-pathspecs --icase-pathspecs " +
		"--no-optional-locks --list-cmds=?",
	"git add": "-n --dry-run -v --verbose -f --force --sparse -i --interactive -p --patch -e --edit -u --update -A " +
		"--all --no-ignore-removal --no-all --ignore-removal -N --intent-to-add --refresh --ignore-errors " +
		"--ignore-missing --no-warn-embedded-repo --renormalize --chmod=? --pathspec-from-file=? " +
		"--pathspec-file-nul",
	"git am": "-s --signoff -k --keep --keep-non-patch --keep-cr --no-keep-cr -c --scissors --no-scissors " +
		"--quoted-cr=? --empty=? -m --message-id --no-message-id -q --quiet -u --utf8 --no-utf8 -3 --3way " +
		"--no-3way --rerere-autoupdate --no-rerere-autoupdate --ignore-space-change --ignore-whitespace " +
		"--whitespace=? -C=? -p=? --directory=? --exclude=? --include=? --reject --patch-format -i " +
		"--interactive --committer-date-is-author-date --ignore-date --skip -S=? --gpg-sign=? --no-gpg-sign " +
		"--continue -r --resolved --resolvemsg=? --abort --quit --show-current-patch=? --allow-empty",
	"git apply": "--stat --numstat --summary --check --index --cached --intent-to-add -3 --3way " +
		"--build-fake-ancestor=? -R --reverse --reject -z -p=? -C=? --unidiff-zero --apply --no-add " +
		"--allow-binary-replacement --binary --exclude=? --include=? --ignore-space-change " +
		"--ignore-whitespace --whitespace=? --inaccurate-eof -v --verbose -q --quiet --recount --directory=? " +
		"--unsafe-paths --allow-empty",
	"git archive": "--format=? -l --list -v --verbose --prefix=? -o= --output=? --add-file=? --add-virtual-file=? " +
		"--worktree-attributes --remote=? --exec=?",
	"git blame": "-b --root --show-stats -L= -L -l -t -S= --reverse=? --first-parent -p --porcelain --line-porcelain " +
		"--incremental --encoding=? --contents=? --date=? --progress --no-progress -M=? -C=? --ignore-rev=? " +
		"--ignore-revs-file=? --color-lines --color-by-age -h -c --score-debug -f --show-name -n " +
		"--show-number -s -e --show-email -w --abbrev=?",
	"git branch": "-d --delete -D --create-reflog -f --force -m --move -M -c --copy -C --color=? --no-color -i " +
		"--ignore-case --column=? --no-column -r --remotes -a --all -l --list --show-current -v --verbose -q " +
		"--quiet --abbrev=? --no-abbrev -t --track=? --no-track --recurse-submodules --set-upstream -u= " +
		"--set-upstream-to=? --unset-upstream --edit-description --contains --no-contains --merged " +
		"--no-merged --sort=? --points-at=? --format=?",
	"git bundle": "--progress --all-progress --all-progress-implied --version=? -q --quiet --since=?",
	"git cat-file": "--textconv -t -s -e -p --mailmap --no-mailmap --use-mailmap --no-use-mailmap --filters --path=? " +
		"--batch --batch=? --batch-check --batch-check=? --batch-command --batch-command=? " +
		"--batch-all-objects --buffer --unordered --allow-unknown-type --follow-symlinks -z",
	"git check-ignore": "-q --quiet -v --verbose --stdin -z -n --non-matching --no-index",
	"git checkout": "-b -q --quiet --progress --no-progress -f --force --ours --theirs -b= -B= -t --track=? --no-track " +
		"--guess --no-guess -l -d --detach --orphan=? --ignore-skip-worktree-bits -m --merge --conflict=? -p " +
		"--patch --ignore-other-worktrees --overwrite-ignore --no-overwrite-ignore --recurse-submodules " +
		"--no-recurse-submodules --overlay --no-overlay --pathspec-from-file=? --pathspec-file-nul",
	"git cherry-pick": "-e --edit --cleanup=? -x -r -m= --mainline=? -n --no-commit -s --signoff -S=? --gpg-sign=? " +
		"--no-gpg-sign --ff --allow-empty --allow-empty-message --keep-redundant-commits --strategy=? -X=? " +
		"--strategy-option=? --rerere-autoupdate --no-rerere-autoupdate --continue --skip --quit --abort",
	"git clean": "-d -f --force -i --interactive -n --dry-run -q --quiet -e= --exclude=? -x -X",
	"git clone": "-l --local --no-hardlinks -s --shared --reference --dissociate -q --quiet -v --verbose --progress " +
		"--server-option=? -n --no-checkout --reject-shallow --no-reject-shallow --bare --sparse --filter=? " +
		"--also-filter-submodules --mirror -o= --origin=? -b= --branch=? -u= --upload-pack=? --template=? -c= " +
		"--config=? --depth=? --shallow-since=? --shallow-exclude=? --single-branch --no-single-branch " +
		"--no-tags --recurse-submodules=? --shallow-submodules --no-shallow-submodules --remote-submodules " +
		"--no-remote-submodules --separate-git-dir=? -j= --jobs=? --bundle-uri=? --depth --shallow-since",
	"git commit": "-a --all -p --patch -C= --reuse-message=? -c= --reedit-message=? --fixup=? --squash=? --reset-author " +
		"--short --branch --porcelain --long -z --null -F= --file=? --author=? --date=? -m= --message=? -t= " +
		"--template=? -s --signoff --no-signoff --trailer=? -n --verify --no-verify --allow-empty " +
		"--allow-empty-message --cleanup=? -e --edit --no-edit --amend --no-post-rewrite -i --include -o " +
		"--only --pathspec-from-file=? --pathspec-file-nul -u=? --untracked-files=? -v --verbose -q --quiet " +
		"--dry-run --status --no-status -S=? --gpg-sign=? --no-gpg-sign",
	"git config": "--type --replace-all --add --get --get-all --get-regexp --get-urlmatch=? --global --system --local " +
		"--worktree -f= --file=? --blob=? --remove-section --rename-section --unset --unset-all -l --list " +
		"--fixed-value --type=? --bool --int --bool-or-int --path --expiry-date --no-type -z --null " +
		"--name-only --show-origin --show-scope --get-colorbool=? --get-color=? -e --edit --includes " +
		"--no-includes --default=? -t --show-prefix --auto-merge --paginate --signed=? --edit-todo " +
		"--recurse-submodules --local-user",
	"git count-objects": "-v --verbose -H --human-readable",
	"git describe": "--dirty=? --broken=? --all --tags --contains --abbrev=? --candidates=? --exact-match --debug --long " +
		"--match=? --exclude=? --match --always --first-parent",
	"git diff": "-p -u --patch -s --no-patch -U=? --unified=? --output=? --output-indicator-new=? " +
		"--output-indicator-old=? --output-indicator-context=? --raw --patch-with-raw --indent-heuristic " +
		"--no-indent-heuristic --minimal --patience --histogram --anchored=? --diff-algorithm=? --stat=? " +
		"--compact-summary --numstat --shortstat -X=? --dirstat=? --cumulative --dirstat-by-file=? --summary " +
		"--patch-with-stat -z --name-only --name-status --submodule=? --color=? --no-color --color-moved=? " +
		"--no-color-moved --color-moved-ws=? --no-color-moved-ws --word-diff=? --word-diff-regex=? " +
		"--color-words=? --no-renames --rename-empty --no-rename-empty --check --exit-code " +
		"--ws-error-highlight=? --full-index --binary --abbrev=? -B=? --break-rewrites=? -M=? " +
		"--find-renames=? -C=? --find-copies=? --find-copies-harder -D --irreversible-delete -l=? " +
		"--diff-filter=? -S=? -G=? --find-object=? --pickaxe-all --pickaxe-regex -O=? --skip-to=? " +
		"--rotate-to=? -R --relative=? --no-relative -a --text --ignore-cr-at-eol --ignore-space-at-eol -b " +
		"--ignore-space-change -w --ignore-all-space --ignore-blank-lines -I=? --ignore-matching-lines=? " +
		"--inter-hunk-context=? -W --function-context --quiet --ext-diff --no-ext-diff --textconv " +
		"--no-textconv --ignore-submodules=? --src-prefix=? --dst-prefix=? --no-prefix --line-prefix=? " +
		"--ita-invisible-in-index -1 -2 -3 -0 --diff-merges --cached --staged --merge-base --no-index",
	"git diff-files": "-p -u --patch -s --no-patch -U=? --unified=? --output=? --output-indicator-new=? " +
		"--output-indicator-old=? --output-indicator-context=? --raw --patch-with-raw --indent-heuristic " +
		"--no-indent-heuristic --minimal --patience --histogram --anchored=? --diff-algorithm=? --stat=? " +
		"--compact-summary --numstat --shortstat -X=? --dirstat=? --cumulative --dirstat-by-file=? --summary " +
		"--patch-with-stat -z --name-only --name-status --submodule=? --color=? --no-color --color-moved=? " +
		"--no-color-moved --color-moved-ws=? --no-color-moved-ws --word-diff=? --word-diff-regex=? " +
		"--color-words=? --no-renames --rename-empty --no-rename-empty --check --exit-code " +
		"--ws-error-highlight=? --full-index --binary --abbrev=? -B=? --break-rewrites=? -M=? " +
		"--find-renames=? -C=? --find-copies=? --find-copies-harder -D --irreversible-delete -l=? " +
		"--diff-filter=? -S=? -G=? --find-object=? --pickaxe-all --pickaxe-regex -O=? --skip-to=? " +
		"--rotate-to=? -R --relative=? --no-relative -a --text --ignore-cr-at-eol --ignore-space-at-eol -b " +
		"--ignore-space-change -w --ignore-all-space --ignore-blank-lines -I=? --ignore-matching-lines=? " +
		"--inter-hunk-context=? -W --function-context --quiet --ext-diff --no-ext-diff --textconv " +
		"--no-textconv --ignore-submodules=? --src-prefix=? --dst-prefix=? --no-prefix --line-prefix=? " +
		"--ita-invisible-in-index -1 -2 -3 -0 -c --cc -q --diff-merges",
	"git diff-index": "-p -u --patch -s --no-patch -U=? --unified=? --output=? --output-indicator-new=? " +
		"--output-indicator-old=? --output-indicator-context=? --raw --patch-with-raw --indent-heuristic " +
		"--no-indent-heuristic --minimal --patience --histogram --anchored=? --diff-algorithm=? --stat=? " +
		"--compact-summary --numstat --shortstat -X=? --dirstat=? --cumulative --dirstat-by-file=? --summary " +
		"--patch-with-stat -z --name-only --name-status --submodule=? --color=? --no-color --color-moved=? " +
		"--no-color-moved --color-moved-ws=? --no-color-moved-ws --word-diff=? --word-diff-regex=? " +
		"--color-words=? --no-renames --rename-empty --no-rename-empty --check --exit-code " +
		"--ws-error-highlight=? --full-index --binary --abbrev=? -B=? --break-rewrites=? -M=? " +
		"--find-renames=? -C=? --find-copies=? --find-copies-harder -D --irreversible-delete -l=? " +
		"--diff-filter=? -S=? -G=? --find-object=? --pickaxe-all --pickaxe-regex -O=? --skip-to=? " +
		"--rotate-to=? -R --relative=? --no-relative -a --text --ignore-cr-at-eol --ignore-space-at-eol -b " +
		"--ignore-space-change -w --ignore-all-space --ignore-blank-lines -I=? --ignore-matching-lines=? " +
		"--inter-hunk-context=? -W --function-context --quiet --ext-diff --no-ext-diff --textconv " +
		"--no-textconv --ignore-submodules=? --src-prefix=? --dst-prefix=? --no-prefix --line-prefix=? " +
		"--ita-invisible-in-index --cached --merge-base -m --diff-merges",
	"git diff-tree": "-p -u --patch -s --no-patch -U=? --unified=? --output=? --output-indicator-new=? " +
		"--output-indicator-old=? --output-indicator-context=? --raw --patch-with-raw --indent-heuristic " +
		"--no-indent-heuristic --minimal --patience --histogram --anchored=? --diff-algorithm=? --stat=? " +
		"--compact-summary --numstat --shortstat -X=? --dirstat=? --cumulative --dirstat-by-file=? --summary " +
		"--patch-with-stat -z --name-only --name-status --submodule=? --color=? --no-color --color-moved=? " +
		"--no-color-moved --color-moved-ws=? --no-color-moved-ws --word-diff=? --word-diff-regex=? " +
		"--color-words=? --no-renames --rename-empty --no-rename-empty --check --exit-code " +
		"--ws-error-highlight=? --full-index --binary --abbrev=? -B=? --break-rewrites=? -M=? " +
		"--find-renames=? -C=? --find-copies=? --find-copies-harder -D --irreversible-delete -l=? " +
		"--diff-filter=? -S=? -G=? --find-object=? --pickaxe-all --pickaxe-regex -O=? --skip-to=? " +
		"--rotate-to=? -R --relative=? --no-relative -a --text --ignore-cr-at-eol --ignore-space-at-eol -b " +
		"--ignore-space-change -w --ignore-all-space --ignore-blank-lines -I=? --ignore-matching-lines=? " +
		"--inter-hunk-context=? -W --function-context --quiet --ext-diff --no-ext-diff --textconv " +
		"--no-textconv --ignore-submodules=? --src-prefix=? --dst-prefix=? --no-prefix --line-prefix=? " +
		"--ita-invisible-in-index -r -t --root --merge-base --stdin -m -v --pretty=? --format=? " +
		"--abbrev-commit --no-abbrev-commit --oneline --encoding=? --expand-tabs=? --expand-tabs " +
		"--no-expand-tabs --notes=? --no-notes --show-notes=? --standard-notes --no-standard-notes " +
		"--show-signature --no-commit-id -c --cc --combined-all-paths --always --no-abbrev --diff-merges",
	"git fetch": "--all -a --append --atomic --depth=? --deepen=? --shallow-since=? --shallow-exclude=? --unshallow " +
		"--update-shallow --negotiation-tip=? --negotiate-only --dry-run --write-fetch-head " +
		"--no-write-fetch-head -f --force -k --keep --multiple --auto-maintenance --no-auto-maintenance " +
		"--auto-gc --no-auto-gc --write-commit-graph --no-write-commit-graph --prefetch -p --prune -P " +
		"--prune-tags -n --no-tags --refetch --refmap=? -t --tags --recurse-submodules=? -j --jobs=? " +
		"--no-recurse-submodules --set-upstream --submodule-prefix=? --recurse-submodules-default=? -u " +
		"--update-head-ok --upload-pack=? -q --quiet -v --verbose --progress -o= --server-option=? " +
		"--show-forced-updates --no-show-forced-updates -4 --ipv4 -6 --ipv6 --stdin",
	"git for-each-ref": "--count=? --sort=? --format=? --color=? --shell --perl --python --tcl --points-at=? --merged=? " +
		"--no-merged=? --contains=? --no-contains=? --ignore-case",
	"git format-patch": "-p --no-stat -U=? --unified=? --output=? --output-indicator-new=? --output-indicator-old=? " +
		"--output-indicator-context=? --indent-heuristic --no-indent-heuristic --minimal --patience " +
		"--histogram --anchored=? --diff-algorithm=? --stat=? --compact-summary --numstat --shortstat -X=? " +
		"--dirstat=? --cumulative --dirstat-by-file=? --summary --no-renames --rename-empty --no-rename-empty " +
		"--full-index --binary --abbrev=? -B=? --break-rewrites=? -M=? --find-renames=? -C=? --find-copies=? " +
		"--find-copies-harder -D --irreversible-delete -l=? -O=? --skip-to=? --rotate-to=? --relative=? " +
		"--no-relative -a --text --ignore-cr-at-eol --ignore-space-at-eol -b --ignore-space-change -w " +
		"--ignore-all-space --ignore-blank-lines -I=? --ignore-matching-lines=? --inter-hunk-context=? -W " +
		"--function-context --ext-diff --no-ext-diff --textconv --no-textconv --ignore-submodules=? " +
		"--src-prefix=? --dst-prefix=? --no-prefix --line-prefix=? --ita-invisible-in-index -o= " +
		"--output-directory=? -n --numbered -N --no-numbered --start-number=? --numbered-files -k " +
		"--keep-subject -s --signoff --stdout --attach=? --no-attach --inline=? --thread=? --no-thread " +
		"--in-reply-to=? --ignore-if-in-upstream --always --cover-from-description=? --subject-prefix=? " +
		"--filename-max-length=? --rfc -v= --reroll-count=? --to=? --cc=? --from --from=? " +
		"--force-in-body-from --no-force-in-body-from --add-header=? --cover-letter --no-cover-letter " +
		"--encode-email-headers --no-encode-email-headers --interdiff=? --range-diff=? --creation-factor=? " +
		"--notes=? --no-notes --signature=? --no-signature=? --signature-file=? --suffix=? -q --quiet " +
		"--no-binary --zero-commit --base=? --no-base=? --root --progress",
	"git gc": "--aggressive --auto --cruft --prune=? --no-prune --quiet --force --keep-largest-pack",
	"git grep": "--cached --no-index --untracked --no-exclude-standard --exclude-standard --recurse-submodules -a " +
		"--text --textconv --no-textconv -i --ignore-case -I --max-depth=? -r --recursive --no-recursive -w " +
		"--word-regexp -v --invert-match -h -H --full-name -E --extended-regexp -G --basic-regexp -P " +
		"--perl-regexp -F --fixed-strings -n --line-number --column -l --files-with-matches --name-only -L " +
		"--files-without-match -O=? --open-files-in-pager=? -z --null -o --only-matching -c --count --color=? " +
		"--no-color --break --heading -p --show-function -C= --context=? -A= --after-context=? -B= " +
		"--before-context=? -W --function-context -m= --max-count=? --threads=? -f= -e --and --or --not " +
		"--all-match -q --quiet",
	"git init": "--separate-git-dir -q --quiet --bare --object-format=? --template=? --separate-git-dir=? -b= " +
		"--initial-branch=? --shared=?",
	"git log": "--follow --no-decorate --decorate=? --decorate-refs=? --decorate-refs-exclude=? --clear-decorations " +
		"--source --mailmap --no-mailmap --use-mailmap --no-use-mailmap --full-diff --log-size -L=? -L -n= " +
		"--max-count=? --skip=? --since=? --after=? --since-as-filter=? --until=? --before=? --author=? " +
		"--committer=? --grep-reflog=? --grep=? --all-match --invert-grep -i --regexp-ignore-case " +
		"--basic-regexp -E --extended-regexp -F --fixed-strings -P --perl-regexp --remove-empty --merges " +
		"--no-merges --min-parents=? --max-parents=? --no-min-parents --no-max-parents --first-parent " +
		"--exclude-first-parent-only --not --all --branches=? --tags=? --remotes=? --glob=? --exclude=? " +
		"--remotes --exclude-hidden=? --reflog --alternate-refs --single-worktree --ignore-missing --bisect " +
		"--stdin --cherry-mark --cherry-pick --left-only --right-only --cherry -g --walk-reflogs --merge " +
		"--boundary --simplify-by-decoration --show-pulls --full-history --dense --sparse --simplify-merges " +
		"--ancestry-path=? --date-order --author-date-order --topo-order --reverse --no-walk=? --do-walk " +
		"--pretty=? --format=? --abbrev-commit --no-abbrev-commit --oneline --encoding=? --expand-tabs=? " +
		"--expand-tabs --no-expand-tabs --notes=? --no-notes --show-notes=? --standard-notes " +
		"--no-standard-notes --show-signature --relative-date --date=? --parents --children --left-right " +
		"--graph --show-linear-break=? --no-abbrev -S -p -u --patch -s --no-patch --diff-merges=? " +
		"--no-diff-merges -m --remerge-diff -c --cc --combined-all-paths -U=? --unified=? --output=? " +
		"--output-indicator-new=? --output-indicator-old=? --output-indicator-context=? --raw " +
		"--patch-with-raw -t --indent-heuristic --no-indent-heuristic --minimal --patience --histogram " +
		"--anchored=? --diff-algorithm=? --stat=? --compact-summary --numstat --shortstat -X=? --dirstat=? " +
		"--cumulative --dirstat-by-file=? --summary --patch-with-stat -z --name-only --name-status " +
		"--submodule=? --color=? --no-color --color-moved=? --no-color-moved --color-moved-ws=? " +
		"--no-color-moved-ws --word-diff=? --word-diff-regex=? --color-words=? --no-renames --rename-empty " +
		"--no-rename-empty --check --exit-code --ws-error-highlight=? --full-index --binary --abbrev=? -B=? " +
		"--break-rewrites=? -M=? --find-renames=? -C=? --find-copies=? --find-copies-harder -D " +
		"--irreversible-delete -l=? --diff-filter=? -S=? -G=? --find-object=? --pickaxe-all --pickaxe-regex " +
		"-O=? --skip-to=? --rotate-to=? -R --relative=? --no-relative -a --text --ignore-cr-at-eol " +
		"--ignore-space-at-eol -b --ignore-space-change -w --ignore-all-space --ignore-blank-lines -I=? " +
		"--ignore-matching-lines=? --inter-hunk-context=? -W --function-context --ext-diff --no-ext-diff " +
		"--textconv --no-textconv --ignore-submodules=? --src-prefix=? --dst-prefix=? --no-prefix " +
		"--line-prefix=? --ita-invisible-in-index --diff-merges --no-color --color=?",
	"git ls-files": "-c --cached -d --deleted -m --modified -o --others -i --ignored -s --stage --directory " +
		"--no-empty-directory -u --unmerged -k --killed -z --deduplicate -x= --exclude=? -X= --exclude-from=? " +
		"--exclude-per-directory=? --exclude-standard --error-unmatch --with-tree=? -t --name-status -v -f " +
		"--full-name --recurse-submodules --abbrev=? --debug --eol --sparse --format=?",
	"git ls-tree": "-d -r -t -l --long -z --name-only --name-status --object-only --abbrev=? --full-name --full-tree " +
		"--format=?",
	"git merge": "--commit --no-commit --edit -e --no-edit --cleanup=? --ff --no-ff --ff-only -S=? --gpg-sign=? " +
		"--no-gpg-sign --log=? --no-log --signoff --no-signoff --stat -n --no-stat --squash --no-squash " +
		"--verify --no-verify -s= --strategy=? -X= --strategy-option=? --verify-signatures " +
		"--no-verify-signatures --summary --no-summary -q --quiet -v --verbose --progress --no-progress " +
		"--autostash --no-autostash --allow-unrelated-histories -m= --into-name=? -F= --file=? " +
		"--rerere-autoupdate --no-rerere-autoupdate --overwrite-ignore --no-overwrite-ignore --abort --quit " +
		"--continue",
	"git merge-base": "--octopus --independent --is-ancestor --fork-point -a --all",
	"git mv":         "-f --force -k -n --dry-run -v --verbose",
	"git name-rev":   "--tags --refs=? --exclude=? --all --annotate-stdin --stdin --name-only --no-undefined --always",
	"git notes": "-f --force -m= --message=? -F= --file=? -C= --reuse-message=? -c= --reedit-message=? --allow-empty " +
		"--ref=? --ignore-missing --stdin -n --dry-run -s= --strategy=? --commit --abort -q --quiet -v " +
		"--verbose",
	"git pull": "-q --quiet -v --verbose --recurse-submodules=? --no-recurse-submodules=? --commit --no-commit --edit " +
		"-e --no-edit --cleanup=? --ff-only --ff --no-ff -S=? --gpg-sign=? --no-gpg-sign --log=? --no-log " +
		"--signoff --no-signoff --stat -n --no-stat --squash --no-squash --verify --no-verify -s= " +
		"--strategy=? -X= --strategy-option=? --verify-signatures --no-verify-signatures --summary " +
		"--no-summary --autostash --no-autostash --allow-unrelated-histories -r --rebase=? --no-rebase --all " +
		"-a --append --atomic --depth=? --deepen=? --shallow-since=? --shallow-exclude=? --unshallow " +
		"--update-shallow --negotiation-tip=? --negotiate-only --dry-run -f --force -k --keep --prefetch -p " +
		"--prune --no-tags --refmap=? -t --tags -j --jobs=? --set-upstream --upload-pack=? --progress -o= " +
		"--server-option=? --show-forced-updates --no-show-forced-updates -4 --ipv4 -6 --ipv6",
	"git push": "--all --prune --mirror -n --dry-run --porcelain -d --delete --tags --follow-tags --signed " +
		"--no-signed --signed=? --atomic --no-atomic -o= --push-option=? --receive-pack=? --exec=? " +
		"--force-with-lease --no-force-with-lease --force-with-lease=? -f --force --force-if-includes " +
		"--no-force-if-includes --repo=? -u --set-upstream --thin --no-thin -q --quiet -v --verbose " +
		"--progress --no-recurse-submodules --recurse-submodules=? --verify --no-verify -4 --ipv4 -6 --ipv6",
	"git range-diff": "--no-dual-color --creation-factor=? --left-only --right-only --notes=? --no-notes=?",
	"git rebase": "--fork-point --onto=? --keep-base --continue --abort --quit --apply --empty=? --reapply-cherry-picks " +
		"--no-keep-empty --keep-empty --allow-empty --no-reapply-cherry-picks --allow-empty-message --skip " +
		"--edit-todo --show-current-patch -m --merge -s= --strategy=? -X= --strategy-option=? " +
		"--rerere-autoupdate --no-rerere-autoupdate -S=? --gpg-sign=? --no-gpg-sign -q --quiet -v --verbose " +
		"--stat -n --no-stat --no-verify --verify -C=? --no-ff --force-rebase -f --no-fork-point " +
		"--ignore-whitespace --whitespace=? --committer-date-is-author-date --ignore-date --reset-author-date " +
		"--signoff -i --interactive -r --rebase-merges=? -x= --exec=? --root --autosquash --no-autosquash " +
		"--autostash --no-autostash --reschedule-failed-exec --no-reschedule-failed-exec --update-refs " +
		"--no-update-refs --format=?",
	"git reflog": "--all --single-worktree --expire=? --expire-unreachable=? --updateref --rewrite --stale-fix -n " +
		"--dry-run --verbose",
	"git remote": "-v --verbose",
	"git reset": "--soft --mixed --hard --merge --keep --recurse-submodules --no-recurse-submodules -q --quiet " +
		"--refresh --no-refresh --pathspec-from-file=? --pathspec-file-nul",
	"git restore": "-s= --source=? -p --patch -W --worktree -S --staged -q --quiet --progress --no-progress --ours " +
		"--theirs -m --merge --conflict=? --ignore-unmerged --ignore-skip-worktree-bits --recurse-submodules " +
		"--no-recurse-submodules --overlay --no-overlay --pathspec-from-file=? --pathspec-file-nul",
	"git rev-list": "-n= --max-count=? --skip=? --since=? --after=? --since-as-filter=? --until=? --before=? --max-age=? " +
		"--min-age=? --author=? --committer=? --grep-reflog=? --grep=? --all-match --invert-grep -i " +
		"--regexp-ignore-case --basic-regexp -E --extended-regexp -F --fixed-strings -P --perl-regexp " +
		"--remove-empty --merges --no-merges --min-parents=? --max-parents=? --no-min-parents " +
		"--no-max-parents --first-parent --exclude-first-parent-only --not --all --branches=? --tags=? " +
		"--remotes=? --glob=? --exclude=? --remotes --exclude-hidden=? --reflog --alternate-refs " +
		"--single-worktree --ignore-missing --stdin --quiet --disk-usage --disk-usage=? --cherry-mark " +
		"--cherry-pick --left-only --right-only --cherry -g --walk-reflogs --merge --boundary " +
		"--use-bitmap-index --progress=? --simplify-by-decoration --show-pulls --full-history --dense " +
		"--sparse --simplify-merges --ancestry-path=? --bisect --bisect-vars --bisect-all --date-order " +
		"--author-date-order --topo-order --reverse --objects --in-commit-order --objects-edge " +
		"--objects-edge-aggressive --indexed-objects --unpacked --object-names --no-object-names --filter=? " +
		"--no-filter --filter-provided-objects --filter-print-omitted --missing=? --exclude-promisor-objects " +
		"--no-walk=? --do-walk --pretty=? --format=? --abbrev-commit --no-abbrev-commit --oneline " +
		"--encoding=? --expand-tabs=? --expand-tabs --no-expand-tabs --show-signature --relative-date " +
		"--date=? --header --no-commit-header --commit-header --parents --children --timestamp --left-right " +
		"--graph --show-linear-break=? --count --no-abbrev",
	"git rev-parse": "--parseopt --sq-quote --keep-dashdash --stop-at-non-option --stuck-long --revs-only --no-revs " +
		"--flags --no-flags --default=? --prefix=? --verify -q --quiet --sq --short=? --not --abbrev-ref=? " +
		"--symbolic --symbolic-full-name --all --branches=? --tags=? --remotes=? --glob=? --exclude=? " +
		"--remotes --exclude-hidden=? --disambiguate=? --local-env-vars --path-format=? --git-dir " +
		"--git-common-dir --resolve-git-dir=? --git-path=? --show-toplevel --show-superproject-working-tree " +
		"--shared-index-path --absolute-git-dir --is-inside-git-dir --is-inside-work-tree " +
		"--is-bare-repository --is-shallow-repository --show-cdup --show-prefix --show-object-format=? " +
		"--since=? --after=? --until=? --before=?",
	"git revert": "-e --edit -m --mainline --no-edit --cleanup=? -n --no-commit -S=? --gpg-sign=? --no-gpg-sign -s " +
		"--signoff --strategy=? -X=? --strategy-option=? --rerere-autoupdate --no-rerere-autoupdate " +
		"--reference --continue --skip --quit --abort",
	"git rm": "-f --force -n --dry-run -r --cached --ignore-unmatch --sparse -q --quiet --pathspec-from-file=? " +
		"--pathspec-file-nul",
	"git shortlog": "-n --numbered -s --summary -e --email --format=? --date=? --group=? -c --committer -w=? -n= " +
		"--max-count=? --skip=? --since=? --after=? --since-as-filter=? --until=? --before=? --author=? " +
		"--committer=? --grep-reflog=? --grep=? --all-match --invert-grep -i --regexp-ignore-case " +
		"--basic-regexp -E --extended-regexp -F --fixed-strings -P --perl-regexp --remove-empty --merges " +
		"--no-merges --min-parents=? --max-parents=? --no-min-parents --no-max-parents --first-parent " +
		"--exclude-first-parent-only --not --all --branches=? --tags=? --remotes=? --glob=? --exclude=? " +
		"--remotes --exclude-hidden=? --reflog --alternate-refs --single-worktree --ignore-missing --bisect " +
		"--stdin --cherry-mark --cherry-pick --left-only --right-only --cherry -g --walk-reflogs --merge " +
		"--boundary --simplify-by-decoration --show-pulls --full-history --dense --sparse --simplify-merges " +
		"--ancestry-path=?",
	"git show": "--pretty=? --format=? --abbrev-commit --no-abbrev-commit --oneline --encoding=? --expand-tabs=? " +
		"--expand-tabs --no-expand-tabs --notes=? --no-notes --show-notes=? --standard-notes " +
		"--no-standard-notes --show-signature --no-abbrev -p -u --patch -s --no-patch --diff-merges=? " +
		"--no-diff-merges -m --remerge-diff -c --cc --combined-all-paths -U=? --unified=? --output=? " +
		"--output-indicator-new=? --output-indicator-old=? --output-indicator-context=? --raw " +
		"--patch-with-raw -t --indent-heuristic --no-indent-heuristic --minimal --patience --histogram " +
		"--anchored=? --diff-algorithm=? --stat=? --compact-summary --numstat --shortstat -X=? --dirstat=? " +
		"--cumulative --dirstat-by-file=? --summary --patch-with-stat -z --name-only --name-status " +
		"--submodule=? --color=? --no-color --color-moved=? --no-color-moved --color-moved-ws=? " +
		"--no-color-moved-ws --word-diff=? --word-diff-regex=? --color-words=? --no-renames --rename-empty " +
		"--no-rename-empty --check --exit-code --ws-error-highlight=? --full-index --binary --abbrev=? -B=? " +
		"--break-rewrites=? -M=? --find-renames=? -C=? --find-copies=? --find-copies-harder -D " +
		"--irreversible-delete -l=? --diff-filter=? -S=? -G=? --find-object=? --pickaxe-all --pickaxe-regex " +
		"-O=? --skip-to=? --rotate-to=? -R --relative=? --no-relative -a --text --ignore-cr-at-eol " +
		"--ignore-space-at-eol -b --ignore-space-change -w --ignore-all-space --ignore-blank-lines -I=? " +
		"--ignore-matching-lines=? --inter-hunk-context=? -W --function-context --ext-diff --no-ext-diff " +
		"--textconv --no-textconv --ignore-submodules=? --src-prefix=? --dst-prefix=? --no-prefix " +
		"--line-prefix=? --ita-invisible-in-index --diff-merges --no-color --color=?",
	"git show-ref": "--head --heads --tags -d --dereference -s --hash=? --verify --abbrev=? -q --quiet " +
		"--exclude-existing=?",
	"git stash": "-a --all -u --include-untracked --no-include-untracked --only-untracked --index -k --keep-index " +
		"--no-keep-index -p --patch -S --staged --pathspec-from-file=? --pathspec-file-nul -q --quiet",
	"git status": "-s --short -b --branch --show-stash --porcelain=? --long -v --verbose -u=? --untracked-files=? " +
		"--ignore-submodules=? --ignored=? -z --column=? --no-column --ahead-behind --no-ahead-behind " +
		"--renames --no-renames --find-renames=? --summary-limit --no-ahead-behind",
	"git submodule": "-q --quiet --progress --all -b= --branch=? -f --force --cached --files -n --summary-limit --remote " +
		"-N --no-fetch --checkout --merge --rebase --init --name --reference=? --dissociate --recursive " +
		"--depth --recommend-shallow --no-recommend-shallow -j= --jobs=? --single-branch --no-single-branch",
	"git switch": "--merge -c= --create=? -C= --force-create=? -d --detach --guess --no-guess -f --force " +
		"--discard-changes -m --conflict=? -q --quiet --progress --no-progress -t --track --no-track " +
		"--orphan=? --ignore-other-worktrees --recurse-submodules --no-recurse-submodules",
	"git tag": "-a --annotate -s --sign --no-sign -u= --local-user=? -f --force -d --delete -v --verify -n=? -l " +
		"--list --sort=? --color=? -i --ignore-case --column=? --no-column --contains --no-contains --merged " +
		"--no-merged --points-at=? -m= --message=? -F= --file=? -e --edit --cleanup=? --create-reflog " +
		"--format=?",
	"git worktree": "-f --force -b= -B= -d --detach --checkout --no-checkout --guess-remote --no-guess-remote --track " +
		"--no-track --lock -n --dry-run --porcelain -z -q --quiet -v --verbose --expire=? --reason=? " +
		"--git-path",
	"chmod": "--changes -c --silent --quiet -f --verbose -v --no-preserve-root --preserve-root --reference= --recursive -R --help --version",
	"chown": "--changes -c --silent --quiet -f --verbose -v --dereference --no-dereference -h --from= --no-preserve-root --preserve-root --reference= --recursive -R -H -L -P --help --version",
	"chgrp": "--changes -c --silent --quiet -f --verbose -v --dereference --no-dereference -h --no-preserve-root --preserve-root --reference= --recursive -R -H -L -P --help --version",
	"xz":    "--compress -z --decompress -d --test -t --list -l --keep -k --force -f --stdout -c -0 -1 -2 -3 -4 -5 -6 -7 -8 -9 --extreme -e --threads= -T= --quiet -q --verbose -v --help -h --long-help -H --version -V",
	"bzip2": "-h -d -z -k -f -t -c -q -v -L -V -s -1 -2 -3 -4 -5 -6 -7 -8 -9 --fast --best --decompress --compress --keep --force --test --stdout --quiet --verbose --small",
	"pkill": "--signal= --queue= -q= --echo -e --count -c --full -f --pgroup= -g= --group= -G= --ignore-case -i --newest -n --oldest -o --older= -O= --parent= -P= --session= -s= --terminal= -t= --euid= -u= --uid= -U= --exact -x --logpidfile -L --runstates= -r= --ignore-ancestors -A --cgroup= --ns= --nslist= --help -h --version -V",

	// man-db 2.11 (man --help).
	"man": "--debug -d --default -D --warnings=? --whatis -f --apropos -k --global-apropos -K --where --path " +
		"--location -w --where-cat --location-cat -W --recode= -R= --locale= -L= --systems= -m= --manpath= -M= " +
		"--sections= -S= -s= --extension= -e= --ignore-case -i --match-case -I --regex --wildcard --names-only " +
		"--all -a --no-subpages --prompt= -r= --ascii -7 --encoding= -E= --no-hyphenation --nh " +
		"--no-justification --nj --preprocessor= -p= --troff -t --troff-device=? -T=? --ditroff -Z --help " +
		"--usage --version -V",

	// gmake is GNU make under its other name.
	"gmake": "-b -m --always-make -B --directory= -C= -d --debug=? --environment-overrides -e --eval= -E= --file= " +
		"--makefile= -f= --help -h --ignore-errors -i --include-dir= -I= --jobs=? -j=? --keep-going -k " +
		"--load-average=? --max-load=? -l=? --check-symlink-times -L --just-print --dry-run --recon -n " +
		"--old-file= --assume-old= -o= --output-sync=? -O=? --print-data-base -p --question -q " +
		"--no-builtin-rules -r --no-builtin-variables -R --silent --quiet -s --no-silent --no-keep-going " +
		"--stop -S --touch -t --trace --version -v --print-directory -w --no-print-directory --what-if= " +
		"--new-file= --assume-new= -W= --warn-undefined-variables",
	// Forms the manual gives in its synopsis only.
	"git stash extra": "-m= --message= -p --patch -q --quiet",
	"git grep extra":  "-e= -f=",
	"git reset extra": "-p --patch -N",
	"git clone extra": "--recursive",

	// Everyday options of tools the golden explanations use.
	"apt-get install":     "-y --yes --assume-yes -q --quiet --no-install-recommends --install-suggests -f --fix-broken --reinstall --dry-run -s --simulate",
	"apt install":         "-y --yes --assume-yes -q --quiet --no-install-recommends --install-suggests -f --fix-broken --reinstall --dry-run -s --simulate",
	"apt-get update":      "-q --quiet",
	"apt update":          "-q --quiet",
	"docker ps":           "-a --all -q --quiet -f= --filter= --format= -n= --last= -l --latest -s --size --no-trunc",
	"docker logs":         "-f --follow --tail= -n= -t --timestamps --since= --until= --details",
	"docker build":        "-t= --tag= -f= --file= --build-arg= --target= --platform= --no-cache --progress= --pull -q --quiet --label=",
	"docker images":       "-a --all -q --quiet -f= --filter= --format= --no-trunc --digests",
	"docker system prune": "-a --all -f --force --volumes --filter=",
	"docker rm":           "-f --force -v --volumes",
	"docker rmi":          "-f --force",
	"docker compose":      "-f= --file= -p= --project-name= --profile= --env-file=",
	"kubectl get":         "-n= --namespace= -o= --output= -f= --filename= -l= --selector= -A --all-namespaces -w --watch -c= --container= -i --stdin -t --tty --tail= --context= -k= --kustomize= --dry-run=? --replicas= --all --force --grace-period= -p --previous --since= --show-labels --field-selector= -R --recursive",
	"kubectl logs":        "-n= --namespace= -o= --output= -f --follow -l= --selector= -A --all-namespaces -w --watch -c= --container= -i --stdin -t --tty --tail= --context= -k= --kustomize= --dry-run=? --replicas= --all --force --grace-period= -p --previous --since= --show-labels --field-selector= -R --recursive",
	"kubectl describe":    "-n= --namespace= -o= --output= -f= --filename= -l= --selector= -A --all-namespaces -w --watch -c= --container= -i --stdin -t --tty --tail= --context= -k= --kustomize= --dry-run=? --replicas= --all --force --grace-period= -p --previous --since= --show-labels --field-selector= -R --recursive",
	"kubectl apply":       "-n= --namespace= -o= --output= -f= --filename= -l= --selector= -A --all-namespaces -w --watch -c= --container= -i --stdin -t --tty --tail= --context= -k= --kustomize= --dry-run=? --replicas= --all --force --grace-period= -p --previous --since= --show-labels --field-selector= -R --recursive",
	"kubectl delete":      "-n= --namespace= -o= --output= -f= --filename= -l= --selector= -A --all-namespaces -w --watch -c= --container= -i --stdin -t --tty --tail= --context= -k= --kustomize= --dry-run=? --replicas= --all --force --grace-period= -p --previous --since= --show-labels --field-selector= -R --recursive",
	"kubectl exec":        "-n= --namespace= -o= --output= -f= --filename= -l= --selector= -A --all-namespaces -w --watch -c= --container= -i --stdin -t --tty --tail= --context= -k= --kustomize= --dry-run=? --replicas= --all --force --grace-period= -p --previous --since= --show-labels --field-selector= -R --recursive",
	"kubectl create":      "-n= --namespace= -o= --output= -f= --filename= -l= --selector= -A --all-namespaces -w --watch -c= --container= -i --stdin -t --tty --tail= --context= -k= --kustomize= --dry-run=? --replicas= --all --force --grace-period= -p --previous --since= --show-labels --field-selector= -R --recursive",
	"kubectl scale":       "-n= --namespace= -o= --output= -f= --filename= -l= --selector= -A --all-namespaces -w --watch -c= --container= -i --stdin -t --tty --tail= --context= -k= --kustomize= --dry-run=? --replicas= --all --force --grace-period= -p --previous --since= --show-labels --field-selector= -R --recursive",
	"kubectl top":         "-n= --namespace= -o= --output= -f= --filename= -l= --selector= -A --all-namespaces -w --watch -c= --container= -i --stdin -t --tty --tail= --context= -k= --kustomize= --dry-run=? --replicas= --all --force --grace-period= -p --previous --since= --show-labels --field-selector= -R --recursive",
	"kubectl rollout":     "-n= --namespace= -o= --output= -f= --filename= -l= --selector= -A --all-namespaces -w --watch -c= --container= -i --stdin -t --tty --tail= --context= -k= --kustomize= --dry-run=? --replicas= --all --force --grace-period= -p --previous --since= --show-labels --field-selector= -R --recursive",
	"pip uninstall":       "-y --yes -r= --requirement= -q --quiet -v --verbose",
	"ping":                "-c= -i= -W= -w= -q -n -4 -6 -s= -t=",
	"npm ls":              "--depth= --all -a --json --long -l --parseable -p --omit= --include= --link --package-lock-only -w= --workspace= --workspaces",
	"npm list":            "--depth= --all -a --json --long -l --parseable -p --omit= --include= --link --package-lock-only -w= --workspace= --workspaces",
	"cargo fmt":           "--check --all --message-format=",

	// ripgrep 14 (rg --help); rg takes no abbreviations, which reading
	// them only makes stricter.
	"rg": "-a --text -b --byte-offset -c --count --count-matches -F --fixed-strings -i --ignore-case -I " +
		"--no-filename -H --with-filename -l --files-with-matches --files-without-match -L --follow -n " +
		"--line-number -N --no-line-number -o --only-matching -p --pretty -q --quiet -s --case-sensitive -S " +
		"--smart-case -u --unrestricted -v --invert-match -w --word-regexp -x --line-regexp -z --search-zip " +
		"-0 --null -U --multiline --multiline-dotall -P --pcre2 --hidden --no-hidden --no-ignore --no-ignore-vcs " +
		"--no-ignore-dot --no-ignore-global --no-ignore-parent --no-ignore-exclude --no-ignore-files " +
		"--no-messages --no-heading --heading --column --no-column --json --no-json --vimgrep --trim --no-trim " +
		"--stats --no-stats --debug --trace --no-config --sort-files --files --type-list --binary --no-binary " +
		"--crlf --no-crlf --null-data --one-file-system --no-one-file-system --passthru --line-buffered " +
		"--block-buffered --mmap --no-mmap --no-unicode --unicode --glob-case-insensitive " +
		"--no-glob-case-insensitive --include-zero --no-include-zero --max-columns-preview " +
		"--no-max-columns-preview --no-pcre2-unicode --auto-hybrid-regex --no-auto-hybrid-regex " +
		"--no-require-git --no-ignore-messages --ignore-file-case-insensitive --no-ignore-file-case-insensitive " +
		"--no-fixed-strings --no-follow --no-context-separator --no-search-zip --no-pre --stop-on-nonmatch " +
		"--no-text --no-encoding --no-invert-match --no-multiline --no-multiline-dotall --no-pcre2 " +
		"--no-crlf --no-unrestricted --ignore --no-ignore-case --no-sort-files --generate= --maxdepth= " +
		"--max-depth= -V --version -h --help --pcre2-version",
	// jq 1.6 (jq --help and the manual): jq's own parser, no abbreviations.
	"jq": "-c --compact-output -n --null-input -e --exit-status -s --slurp -r --raw-output -j --join-output " +
		"-a --ascii-output -R --raw-input -C --color-output -M --monochrome-output -S --sort-keys --tab " +
		"--indent= --unbuffered --stream --seq --arg== --argjson== --args --jsonargs -h --help --version",
	"date": "--date= -d= --debug --iso-8601=? -I=? --resolution --rfc-email -R --rfc-3339= --utc --universal " +
		"-u --help --version",
	// tree 2.1 (tree --help).
	"tree": "-a -d -l -f -x -L= -P= -I= --gitignore --gitfile= --ignore-case --matchdirs --metafirst " +
		"--prune --info --infofile= --noreport --charset= --filelimit= -q -N -Q -p -u -g -s -h --si --du " +
		"-D --timefmt= -F --inodes --device -v -t -c -U -r --dirsfirst --filesfirst --sort= -i -A -S -n -C " +
		"-X -J -H= -T= --nolinks --hintro= --houtro= --help --version",
	// zip 3.0 and unzip 6.0 (zip -h2, unzip -h).
	"zip": "-f -u -d -m -r -R -j -0 -1 -2 -3 -4 -5 -6 -7 -8 -9 -q -v -c -z -e -D -X -y -l -ll -o -A -F " +
		"-FF -g -h -h2 -L -k -S -$ --recurse-paths --quiet --verbose --junk-paths --freshen --update --delete",
	"unzip": "-p -f -u -v -l -t -z -T -c -n -o -j -U -C -X -K -q -qq -a -aa -b -B -L -M -V -W -D -s -Z",
}

// withKnownOptions adds the lists of knownOptions to the programs' option
// grammars; the "*" entry of a program with subcommands gets its parent's
// list too (git stash push -m).
func withKnownOptions(m map[string]*program) map[string]*program {
	// The keys in a fixed order, and each program's own grammar as the
	// table gives it before any list is added: the lists add to it and
	// never override it, whatever order they come in.
	keys := make([]string, 0, len(knownOptions))
	for key := range knownOptions {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	find := func(key string) *program {
		words := strings.Fields(strings.TrimSuffix(key, " extra"))
		p := m[words[0]]
		if p == nil {
			panic("knownOptions: no program " + words[0])
		}
		for _, w := range words[1:] {
			if p = p.Sub[w]; p == nil {
				panic("knownOptions: no subcommand " + key)
			}
		}
		return p
	}
	// The lists are filtered when a program's grammar is first built
	// (program.syntax), not here: doing it for every program cost each
	// hook process milliseconds, for the one or two programs it reads.
	for _, key := range keys {
		p := find(key)
		// An option with effects keeps the grammar its spec gives (git
		// show --output FILE takes the next word, which the manual's
		// attached-only form would not), and one the table's own list
		// names keeps that.
		k := knownList{list: knownOptions[key], specs: p.Opts, own: p.Options}
		p.known = append(p.known, k)
		if star := p.Sub["*"]; star != nil && strings.Contains(key, " ") {
			star.known = append(star.known, k)
		}
	}
	return m
}

// knownList is one list of knownOptions for a program, with what filters
// it: the specs and own option list of the program its key names.
type knownList struct {
	list  string
	specs []optionSpec
	own   string
}

// options is the list as it is added to the program's grammar.
func (k knownList) options() string {
	return withoutNames(withoutSpecNames(k.list, k.specs), k.own)
}

// withoutSpecNames drops from an option list the options that specs name.
func withoutSpecNames(list string, specs []optionSpec) string {
	named := map[string]bool{}
	for _, sp := range specs {
		for _, n := range listNames(sp.Names) {
			named[n] = true
		}
	}
	var out []string
	for _, f := range strings.Fields(list) {
		if !named[strings.TrimRight(f, "=?")] {
			out = append(out, f)
		}
	}
	return strings.Join(out, " ")
}

// OptionArity is how an option takes its value, by the knowledge base.
type OptionArity uint8

const (
	// OptionUnknown: the knowledge base does not know the option.
	OptionUnknown OptionArity = iota
	// OptionFlag takes no value.
	OptionFlag
	// OptionValue takes a value, attached (-oFILE, --output=FILE) or as
	// the next word.
	OptionValue
	// OptionAttached takes a value only when it is attached (-i.bak,
	// --color=auto).
	OptionAttached
	// OptionPair takes the next two words (jq --arg NAME VALUE).
	OptionPair
)

// ProgramOption reports how option takes a value in the program named by
// path ("sort", "git log"), by the same grammar the analysis reads
// commands with, so that an explanation cannot read a command's words
// differently. A long option may be an unambiguous abbreviation.
func ProgramOption(path, option string) OptionArity {
	p := programByPath(path)
	if p == nil || len(option) < 2 || option[0] != '-' {
		return OptionUnknown
	}
	s := p.syntax()
	var kind argKind
	if strings.HasPrefix(option, "--") || s.singleDashLong {
		names, k := s.lookupLong(option)
		if len(names) != 1 {
			return OptionUnknown
		}
		kind = k
	} else {
		k, ok := s.short[option[1]]
		if !ok || len(option) != 2 {
			return OptionUnknown
		}
		kind = k
	}
	switch kind {
	case flagArg:
		return OptionFlag
	case valueArg:
		return OptionValue
	case optionalArg:
		return OptionAttached
	case pairArg:
		return OptionPair
	}
	return OptionUnknown
}

// programByPath finds a program or subcommand entry: "git", "git log".
func programByPath(path string) *program {
	words := strings.Fields(path)
	if len(words) == 0 {
		return nil
	}
	p := programs()[words[0]]
	for _, w := range words[1:] {
		if p == nil || p.Sub == nil {
			return nil
		}
		p = p.Sub[w]
	}
	return p
}

// KnownProgram reports whether the knowledge base has an entry for path.
func KnownProgram(path string) bool { return programByPath(path) != nil }

// withoutNames drops from an option list the options another list names:
// the table's own grammar for an option is kept.
func withoutNames(list, other string) string {
	named := map[string]bool{}
	for _, n := range listNames(other) {
		named[n] = true
	}
	var out []string
	for _, f := range strings.Fields(list) {
		if !named[strings.TrimRight(f, "=?")] {
			out = append(out, f)
		}
	}
	return strings.Join(out, " ")
}

// ProgramArgs returns a program's arguments in the form its option grammar
// reads: tar's first word of bundled letters (tar czf) gets its dash. The
// words are the ones given otherwise.
func ProgramArgs(name string, args []Word) []Word {
	if p := programs()[name]; p != nil && p.Style == "tar" {
		return tarArgs(args)
	}
	return args
}

// ResolveOption returns the long option an abbreviation stands for in the
// program named by path ("git diff", "--ext" is "--ext-diff"), by the
// analysis's grammar, and whether it stands for exactly one. An exact name
// is itself.
func ResolveOption(path, option string) (string, bool) {
	p := programByPath(path)
	if p == nil || !strings.HasPrefix(option, "--") {
		return "", false
	}
	names, _ := p.syntax().lookupLong(option)
	if len(names) != 1 {
		return "", false
	}
	return names[0], true
}
