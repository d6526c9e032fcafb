#!/bin/sh
# Install what the .proto lint and the second-language client test need from Debian's archive (idempotent, see
# ../support/apt-install.sh):
#   protobuf-compiler        protoc: compiles every file under proto/shoumi/v1 and writes the descriptor set the
#                            lint reads; generates the Python message modules (--python_out)
#   protobuf-compiler-grpc   grpc_python_plugin: generates the Python service stubs (--grpc_python_out)
#   python3-grpcio           the gRPC runtime for Debian's /usr/bin/python3
#   python3-protobuf         the protobuf runtime the generated modules import
set -eu
exec "$(dirname "$0")/../support/apt-install.sh" install-deps.sh protobuf-compiler protobuf-compiler-grpc python3-grpcio python3-protobuf
