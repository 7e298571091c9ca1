// The Pulumi program (Pulumi.yaml main: infra/). Stack config lives in stacks/Pulumi.<stack>.yaml.
import { createStack } from "./program/program";

const outputs = createStack();

export const endpoint = outputs.endpoint;
export const port = outputs.port;
export const identifier = outputs.identifier;
export const masterSecretArn = outputs.masterSecretArn;
export const kmsKeyArn = outputs.kmsKeyArn;
export const securityGroupId = outputs.securityGroupId;
export const logGroupNames = outputs.logGroupNames;
export const parameterGroupName = outputs.parameterGroupName;
export const posture = outputs.posture;
export const effectiveParameters = outputs.effectiveParameters;
export const optOuts = outputs.optOuts;
