"""Calls SimulatePrincipalPolicy on the sandbox's IAM front with boto3 and checks each answer
against AWS's own service model (botocore's): every member is modelled, required members are
there, types and enum values match. Prints one JSON list: per case the parsed result and the
problems found, or the error code and whether boto3 maps it to a modelled exception.

usage: python iam_simulate_check.py IAM_ENDPOINT '[{"PolicySourceArn": ..., "ActionNames": [...]}, ...]'
"""
import json
import sys

import boto3
import botocore.exceptions


def check(value, shape, path):
    kind = shape.type_name
    problems = []
    if kind == "structure":
        if not isinstance(value, dict):
            return [f"{path}: not a structure"]
        problems += [f"{path}.{k}: not in the model" for k in value if k not in shape.members]
        problems += [f"{path}.{k}: required but missing" for k in shape.required_members if k not in value]
        for k, v in value.items():
            if k in shape.members:
                problems += check(v, shape.members[k], f"{path}.{k}")
    elif kind == "list":
        if not isinstance(value, list):
            return [f"{path}: not a list"]
        for i, v in enumerate(value):
            problems += check(v, shape.member, f"{path}[{i}]")
    elif kind == "string":
        if not isinstance(value, str):
            problems.append(f"{path}: not a string")
        elif shape.enum and value not in shape.enum:
            problems.append(f"{path}: {value!r} is not one of {shape.enum}")
    elif kind == "boolean" and not isinstance(value, bool):
        problems.append(f"{path}: not a boolean")
    elif kind == "integer" and not isinstance(value, int):
        problems.append(f"{path}: not an integer")
    return problems


def main():
    endpoint, cases = sys.argv[1], json.loads(sys.argv[2])
    iam = boto3.client(
        "iam", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id="AKIDSANDBOX", aws_secret_access_key="sandbox-secret",
    )
    output = iam.meta.service_model.operation_model("SimulatePrincipalPolicy").output_shape
    out = []
    for case in cases:
        try:
            result = iam.simulate_principal_policy(**case)
            result.pop("ResponseMetadata", None)
            out.append({"result": result, "problems": check(result, output, "SimulatePrincipalPolicyResponse")})
        except iam.exceptions.NoSuchEntityException as err:
            out.append({"error": err.response["Error"]["Code"], "modelled": True})
        except botocore.exceptions.ClientError as err:
            out.append({"error": err.response["Error"]["Code"], "modelled": False})
    print(json.dumps(out, default=str))


if __name__ == "__main__":
    main()
