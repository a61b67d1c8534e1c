#!/usr/bin/env bash
# Builds kube-apiserver and kube-controller-manager (Kubernetes 1.20.2) from Debian 12's `kubernetes`
# source package, offline: Debian's Go 1.19 and the source's own vendor/ tree, no Go module proxy.
# The receiver's tests run them as a real control plane (receiver/src/test/.../support/kube): they read
# OUTDIR/NAME.xz and OUTDIR/SHA256SUMS, which this script writes (about 13 minutes on 2 cores). CI never
# runs it: the binaries come prebuilt. Run as root on Debian 12 (it installs Go 1.19 and the source).
# usage: deploy/kube-binaries/build.sh OUTDIR   then   SELFHEAL_KUBE_BINARIES=OUTDIR ./selfheal test
set -euo pipefail
out=$(mkdir -p "${1:?usage: build.sh OUTDIR}" && cd "$1" && pwd)
work=$(mktemp -d)
export GOMAXPROCS=${GOMAXPROCS:-2}

# a deb-src line for the mirror the machine already uses, when there is none
if ! grep -rqs '^Types:.*deb-src\|^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  host=$(grep -rhoE 'https?://[^ ]+/debian' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null | head -n 1)
  printf 'Types: deb-src\nURIs: %s\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "${host:?no Debian mirror configured}" >/etc/apt/sources.list.d/kubernetes-src.sources
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  golang-1.19-go golang-github-modern-go-reflect2-dev make rsync dpkg-dev ca-certificates xz-utils >/dev/null

cd "$work" && apt-get source -qq kubernetes
cd "$work"/kubernetes-1.20.5+really1.20.2

# the vendored reflect2 v1.0.1 crashes with Go >= 1.18 (json-iterator map encoding): take Debian's v1.0.2
r=vendor/github.com/modern-go/reflect2; d=/usr/share/gocode/src/github.com/modern-go/reflect2
rm -f $r/*.go $r/*.s $r/Gopkg.* $r/test.sh
cp $d/*.go $d/*.s $d/go.mod $r/
sed -i 's#github.com/modern-go/reflect2 v1.0.1#github.com/modern-go/reflect2 v1.0.2#' \
  go.mod vendor/modules.txt staging/src/k8s.io/apimachinery/go.mod
for f in go.sum staging/src/k8s.io/*/go.sum; do
  grep -q 'modern-go/reflect2 v1.0.2 h1' "$f" || cat >>"$f" <<'SUM'
github.com/modern-go/reflect2 v1.0.2 h1:xBagoLtFs94CBntxluKeaWgTMpvLxC4ur3nMaC9Gz0M=
github.com/modern-go/reflect2 v1.0.2/go.mod h1:yWuevngMOJpCy52FWWMvUC8ws7m/LJsjYzDa0/r8luk=
SUM
done

# the way debian/rules builds kubectl: hack/ runs the code generators (this writes the missing
# pkg/generated/openapi/zz_generated.openapi.go) and builds from vendor/ in GOPATH mode
export PATH=/usr/lib/go-1.19/bin:$PATH CGO_ENABLED=0 GOPROXY=off GOFLAGS=
make WHAT="cmd/kube-apiserver cmd/kube-controller-manager" GOLDFLAGS="-s -w -buildid="
cd _output/bin
sha256sum kube-apiserver kube-controller-manager >"$out/SHA256SUMS"
for b in kube-apiserver kube-controller-manager; do xz -9 -T0 -c "$b" >"$out/$b.xz"; done
./kube-apiserver --version
cd / && rm -rf "$work"
