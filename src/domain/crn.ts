/** Cloud resource names: `crn:v1:keyward:public:<service>:<region>:a/<account>:<guid>:<type>:<id>`. */

export interface CrnParts {
  service: string;
  region: string;
  accountId: string;
  instanceGuid: string;
  resourceType: string;
  resource: string;
}

export function formatCrn(p: CrnParts): string {
  return `crn:v1:keyward:public:${p.service}:${p.region}:a/${p.accountId}:${p.instanceGuid}:${p.resourceType}:${p.resource}`;
}

export function parseCrn(crn: string): CrnParts | undefined {
  const m = /^crn:v1:keyward:public:([^:]+):([^:]+):a\/([^:]+):([^:]*):([^:]*):([^:]*)$/.exec(crn);
  if (!m) return undefined;
  const [
    ,
    service = '',
    region = '',
    accountId = '',
    instanceGuid = '',
    resourceType = '',
    resource = '',
  ] = m;
  return { service, region, accountId, instanceGuid, resourceType, resource };
}
