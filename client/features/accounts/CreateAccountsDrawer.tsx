import { useMemo, useState } from 'react';
import { Alert, App, Button, Drawer, Input, Select, Space, Table, TreeSelect, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { RouterOutputs } from '../../../server/root';
import type { NewAccount } from '../../../shared/accounts';
import { ROLE_NAMES, ROLES_FOR_LEVEL, type Role } from '../../../shared/roles';
import { QueryState } from '../../lib/states';
import { errorInfo, useTRPC } from '../../lib/trpc';
import type { Issued } from './CredentialsModal';

type Unit = RouterOutputs['orgUnits']['list'][number];
interface TreeNode {
  value: string;
  title: string;
  children?: TreeNode[];
}

/** Pick units in the org tree; one named account per picked unit (names editable), all created at once. */
export function CreateAccountsDrawer({ open, onClose, onIssued }: { open: boolean; onClose: () => void; onIssued: (issued: Issued) => void }) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const units = useQuery({ ...trpc.orgUnits.list.queryOptions(), enabled: open });
  const [rows, setRows] = useState<(NewAccount & { key: string; unitName: string })[]>([]);
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const byCode = useMemo(() => new Map((units.data ?? []).map((u) => [u.code, u])), [units.data]);
  const tree = useMemo(() => {
    const list = (units.data ?? []).filter((u) => !u.validTo);
    const build = (u: Unit): TreeNode => {
      const kids = list.filter((c) => c.parentCode === u.code).map(build);
      return { value: u.code, title: `${u.name}（${u.code}）`, ...(kids.length ? { children: kids } : {}) };
    };
    return list.filter((u) => !u.parentCode).map(build);
  }, [units.data]);

  const create = useMutation(
    trpc.accounts.create.mutationOptions({
      onSuccess: (data) => {
        setRows([]);
        setErrors(new Map());
        onIssued(data);
      },
      onError: (err) => {
        const info = errorInfo(err);
        setErrors(new Map(info.fieldErrors.map((f) => [f.path, f.message])));
        message.error(info.fieldErrors.length ? `有 ${info.fieldErrors.length} 处问题，未创建任何账号` : info.message);
      },
    }),
  );

  const pick = (codes: string[]) => {
    setErrors(new Map());
    setRows((old) =>
      codes.map((code, i) => {
        const kept = old.find((r) => r.unitCode === code);
        if (kept) return { ...kept, key: `${code}-${i}` };
        const u = byCode.get(code)!;
        const role: Role = u.level === 'city' ? 'city' : u.level === 'county' ? 'county' : 'office';
        return { key: `${code}-${i}`, unitCode: code, unitName: u.name, displayName: `${u.name}住建局联络员`, role };
      }),
    );
  };
  const update = (key: string, patch: Partial<NewAccount>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const err = (i: number, field: string) => errors.get(`accounts.${i}.${field}`);

  return (
    <Drawer open={open} onClose={onClose} title="批量开户" size="large" styles={{ wrapper: { maxWidth: '100vw' } }} destroyOnHidden>
      <QueryState loading={units.isLoading} error={units.error} onRetry={() => void units.refetch()}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary">在组织机构树中勾选单位，每个单位开设一个实名账号（同一单位可多次开户）。每个账号生成一次性初始密码，首次登录须修改。</Typography.Paragraph>
          <TreeSelect
            aria-label="选择单位"
            treeData={tree}
            treeCheckable
            showCheckedStrategy={TreeSelect.SHOW_ALL}
            treeCheckStrictly={false}
            placeholder="勾选单位"
            style={{ width: '100%' }}
            value={rows.map((r) => r.unitCode)}
            onChange={(v: string[]) => pick(v)}
            maxTagCount={8}
            treeDefaultExpandedKeys={tree.map((t) => t.value)}
            showSearch
            treeNodeFilterProp="title"
          />
          {errors.size > 0 && <Alert type="error" showIcon title={`有 ${errors.size} 处问题，未创建任何账号`} />}
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            scroll={{ x: 600, y: 420 }}
            dataSource={rows}
            locale={{ emptyText: '请先在上方勾选单位' }}
            columns={[
              { title: '单位', dataIndex: 'unitName', width: 110 },
              {
                title: '姓名',
                key: 'name',
                render: (_: unknown, r, i) => (
                  <Input aria-label={`${r.unitName}账号姓名`} status={err(i, 'displayName') ? 'error' : undefined} title={err(i, 'displayName')} value={r.displayName} maxLength={40} onChange={(e) => update(r.key, { displayName: e.target.value })} />
                ),
              },
              {
                title: '手机号',
                key: 'phone',
                render: (_: unknown, r, i) => (
                  <Input aria-label={`${r.unitName}手机号`} status={err(i, 'phone') ? 'error' : undefined} title={err(i, 'phone')} value={r.phone ?? ''} maxLength={11} onChange={(e) => update(r.key, { phone: e.target.value || undefined })} />
                ),
              },
              {
                title: '角色',
                key: 'role',
                width: 170,
                render: (_: unknown, r, i) => (
                  <Select
                    aria-label={`${r.unitName}角色`}
                    status={err(i, 'role') ? 'error' : undefined}
                    style={{ width: '100%' }}
                    value={r.role}
                    onChange={(role: Role) => update(r.key, { role })}
                    options={(ROLES_FOR_LEVEL[byCode.get(r.unitCode)?.level ?? 'county'] ?? []).map((x) => ({ value: x, label: ROLE_NAMES[x] }))}
                  />
                ),
              },
            ]}
          />
          {[...errors].map(([path, msg]) => (
            <Typography.Text key={path} type="danger" style={{ display: 'block' }}>
              第 {Number(path.split('.')[1]) + 1} 行：{msg}
            </Typography.Text>
          ))}
          <Space>
            <Button type="primary" disabled={!rows.length} loading={create.isPending} onClick={() => create.mutate({ accounts: rows.map(({ unitCode, displayName, phone, role }) => ({ unitCode, displayName, phone, role })) })}>
              开设 {rows.length} 个账号
            </Button>
            <Button onClick={onClose}>取消</Button>
          </Space>
        </Space>
      </QueryState>
    </Drawer>
  );
}
