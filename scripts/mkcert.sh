#!/bin/sh
# mkcert.sh OUTDIR NAME... - throwaway TLS certificates for the fixture server.
#
# Makes a CA (OUTDIR/ca.pem, OUTDIR/ca.key) and a server certificate signed
# by it (OUTDIR/server.pem, OUTDIR/server.key) whose subjectAltName lists
# every NAME as DNS:NAME (wildcards such as *.gosuslugi.ru are fine), plus
# DNS:localhost and IP:127.0.0.1. EC P-256 keys, valid 2 years. Everything is
# generated anew on each call. Needs the openssl command.
set -eu

DAYS=730
CURVE=P-256

usage() {
	echo "usage: $0 OUTDIR NAME..." >&2
	exit 2
}

[ $# -ge 1 ] || usage
out=$1
shift
command -v openssl >/dev/null 2>&1 || { echo "mkcert.sh: openssl not found" >&2; exit 1; }

san="DNS:localhost,IP:127.0.0.1"
for name in "$@"; do
	case $name in
	'' | *[!A-Za-z0-9.*_-]*)
		echo "mkcert.sh: not a DNS name: '$name'" >&2
		exit 2
		;;
	esac
	san="$san,DNS:$name"
done

mkdir -p "$out"
umask 077
work=$(mktemp -d "${TMPDIR:-/tmp}/mkcert.XXXXXX")
trap 'rm -rf "$work"' EXIT HUP INT TERM

serial() {
	printf '0x%s' "$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
}

cat >"$work/ca.ext" <<EOT
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
EOT
cat >"$work/server.ext" <<EOT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
subjectAltName=$san
EOT

# CA: key, self-signed certificate.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:$CURVE -out "$work/ca.key" 2>/dev/null
openssl req -new -key "$work/ca.key" -subj "/O=mentor-audit fixtures/CN=mentor-audit fixture CA" \
	-out "$work/ca.csr"
openssl x509 -req -in "$work/ca.csr" -signkey "$work/ca.key" -days "$DAYS" \
	-set_serial "$(serial)" -extfile "$work/ca.ext" -out "$work/ca.pem" 2>/dev/null

# Server: key, certificate signed by the CA.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:$CURVE -out "$work/server.key" 2>/dev/null
openssl req -new -key "$work/server.key" -subj "/O=mentor-audit fixtures/CN=localhost" \
	-out "$work/server.csr"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" \
	-days "$DAYS" -set_serial "$(serial)" -extfile "$work/server.ext" \
	-out "$work/server.pem" 2>/dev/null

openssl verify -CAfile "$work/ca.pem" "$work/server.pem" >/dev/null

for f in ca.pem ca.key server.pem server.key; do
	mv -f "$work/$f" "$out/$f"
done
chmod 644 "$out/ca.pem" "$out/server.pem"
