import type { Db } from '../db/client.js';
import { SYSTEM_ACTOR } from '../http/principal.js';
import { createDepartment, updateDepartment } from '../modules/org/departments.service.js';
import { createEmployee } from '../modules/org/employees.service.js';
import { createServiceType } from '../modules/org/service-types.service.js';
import { demoName, demoPhone } from './names.js';

/** Password of every demo login (they need not change it: the demo is for looking around). */
export const DEMO_PASSWORD = 'rateloop-demo';

const REGIONS = [
  {
    code: 'east',
    name: '华东大区',
    teams: [
      ['sh-repair-1', '上海维修一组'],
      ['sh-inspect', '上海巡检组'],
      ['hz-service', '杭州服务组'],
    ],
  },
  {
    code: 'south',
    name: '华南大区',
    teams: [
      ['gz-repair', '广州维修组'],
      ['sz-repair', '深圳维修组'],
      ['sz-delivery', '深圳配送组'],
    ],
  },
  {
    code: 'north',
    name: '华北大区',
    teams: [
      ['bj-repair', '北京维修组'],
      ['tj-inspect', '天津巡检组'],
      ['bj-install', '北京安装组'],
    ],
  },
  {
    code: 'west',
    name: '西南大区',
    teams: [
      ['cd-repair', '成都维修组'],
      ['cq-service', '重庆服务组'],
      ['km-service', '昆明服务组'],
    ],
  },
] as const;

const SERVICE_TYPES = [
  { code: 'inspection', name: '设备巡检', description: 'Yearly equipment inspection (manufacturing customers)' },
  { code: 'repair', name: '维修服务', description: 'On-site appliance repair' },
  { code: 'installation', name: '安装调试', description: 'Installation and commissioning' },
  { code: 'returns', name: '退换货处理', description: 'E-commerce returns and exchanges' },
  { code: 'delivery', name: '配送服务', description: 'E-commerce delivery' },
  { code: 'customer_service', name: '客服咨询', description: 'Customer-service chat and phone support' },
] as const;

export interface DemoOrg {
  regionIds: Record<string, string>;
  teamIds: string[];
  engineerIds: string[];
  serviceTypeIds: Record<string, string>;
  logins: { username: string; roles: string[] }[];
  /** The `demo-admin` employee: the demo's set-up and live work are done in its name, as an admin would. */
  admin: { id: string; name: string };
  /** The follow-up centre (客户回访中心): its three agents take the repair follow-ups in turn. */
  followUpDepartmentId: string;
}

export async function loadDemoOrg(db: Db): Promise<DemoOrg> {
  const actor = SYSTEM_ACTOR;
  const out: Omit<DemoOrg, 'admin'> = {
    regionIds: {},
    teamIds: [],
    engineerIds: [],
    serviceTypeIds: {},
    logins: [],
    followUpDepartmentId: '',
  };
  let n = 0;
  const person = async (departmentId: string | null, roles: string[], login?: string) => {
    const i = n++;
    const { employee } = await createEmployee(db, actor, {
      employeeNo: `D${String(1001 + i)}`,
      name: demoName(i),
      departmentId,
      phone: demoPhone(i),
      email: `demo${1001 + i}@example.com`,
      roles,
      ...(login ? { login: { username: login, password: DEMO_PASSWORD, mustChangePassword: false } } : {}),
    });
    if (login) out.logins.push({ username: login, roles });
    return employee;
  };

  for (const [r, region] of REGIONS.entries()) {
    const dept = await createDepartment(db, actor, { name: region.name, code: `demo-${region.code}`, kind: 'region' });
    out.regionIds[region.code] = dept.id;
    const supervisor = await person(dept.id, ['supervisor'], r === 0 ? 'supervisor' : undefined);
    await updateDepartment(db, actor, dept.id, { managerId: supervisor.id });
    for (const [t, [code, name]] of region.teams.entries()) {
      const team = await createDepartment(db, actor, { name, code: `demo-${code}`, kind: 'team', parentId: dept.id });
      out.teamIds.push(team.id);
      for (let e = 0; e < 4; e++) {
        // The team lead (e = 0) also supervises; the `engineer` login is a plain engineer (one role per demo login).
        const login = r === 0 && t === 0 && e === 1 ? 'engineer' : undefined;
        const engineer = await person(team.id, e === 0 ? ['engineer', 'supervisor'] : ['engineer'], login);
        out.engineerIds.push(engineer.id);
        if (e === 0) await updateDepartment(db, actor, team.id, { managerId: engineer.id });
      }
    }
  }
  // An administrator with a known password (the first admin's is random and must be changed).
  const admin = await person(null, ['admin'], 'demo-admin');
  const followUp = await createDepartment(db, actor, {
    name: '客户回访中心',
    code: 'demo-follow-up',
    kind: 'department',
  });
  out.followUpDepartmentId = followUp.id;
  for (let i = 0; i < 3; i++) await person(followUp.id, ['follow_up_agent'], i === 0 ? 'agent' : undefined);
  const analytics = await createDepartment(db, actor, {
    name: '数据分析部',
    code: 'demo-analytics',
    kind: 'department',
  });
  for (let i = 0; i < 2; i++) await person(analytics.id, ['analyst'], i === 0 ? 'analyst' : undefined);
  // An inactive former engineer, so filters have something to show.
  await createEmployee(db, actor, {
    employeeNo: 'D0999',
    name: '钱多多',
    departmentId: out.teamIds[0],
    roles: ['engineer'],
    active: false,
  });

  for (const st of SERVICE_TYPES) out.serviceTypeIds[st.code] = (await createServiceType(db, actor, st)).id;
  return { ...out, admin: { id: admin.id, name: admin.name } };
}
