#!/usr/bin/python3
"""One admin call to a shoumi collector from Python, with modules generated from proto/shoumi/v1 by Debian's
protoc (--python_out) and grpc_python_plugin (--grpc_python_out): a client in a second language, built from the
.proto files alone.

usage: admin_call.py GENERATED_DIR ADDRESS IDENTITY_DIR METHOD
  GENERATED_DIR  where protoc wrote shoumi/v1/*_pb2.py and *_pb2_grpc.py
  ADDRESS        the collector's admin port, HOST:PORT
  IDENTITY_DIR   what `shoumi-collector admin add --out DIR` wrote: ca.crt, admin.crt, admin.key
  METHOD         WhoAmI or GetFleetStatus
Prints the answer as one line of JSON (proto3 JSON mapping, field names as in the .proto) on stdout; a refused
call prints the gRPC status on stderr and exits 1.
"""
import json
import os
import sys


def main() -> int:
    generated, address, identity, method = sys.argv[1:5]
    sys.path.insert(0, generated)
    import grpc
    from google.protobuf import json_format
    from shoumi.v1 import admin_pb2, admin_pb2_grpc, admin_trust_pb2

    def read(name: str) -> bytes:
        with open(os.path.join(identity, name), "rb") as handle:
            return handle.read()

    credentials = grpc.ssl_channel_credentials(
        root_certificates=read("ca.crt"), private_key=read("admin.key"), certificate_chain=read("admin.crt")
    )
    requests = {
        "WhoAmI": admin_trust_pb2.WhoAmIRequest(),
        "GetFleetStatus": admin_pb2.GetFleetStatusRequest(),
    }
    with grpc.secure_channel(address, credentials) as channel:
        stub = admin_pb2_grpc.AdminServiceStub(channel)
        try:
            answer = getattr(stub, method)(requests[method], timeout=10)
        except grpc.RpcError as error:
            print(f"{method} refused: {error.code().name}: {error.details()}", file=sys.stderr)
            return 1
    print(json.dumps(json_format.MessageToDict(answer, preserving_proto_field_name=True), sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
