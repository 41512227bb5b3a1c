import { describe, expect, it } from 'vitest';
import { DEVICE_STATUS } from './__fixtures__/device-answers.js';
import { readDeviceStates } from './device-states.js';

describe('readDeviceStates', () => {
  it('reads a list of devices by id and UID', () => {
    const states = readDeviceStates(JSON.parse(DEVICE_STATUS).data);
    expect(Object.fromEntries(states)).toEqual({
      'id:11': 'running',
      'uid:70d05483459a53d7': 'running',
      'id:12': 'stopped',
      'uid:a1b2c3d4e5f60718': 'stopped',
    });
  });

  it.each([
    [{ devices: [{ device_uid: 'x', status: 'Running' }] }, { 'uid:x': 'running' }],
    [[{ id: 3, online: false }], { 'id:3': 'stopped' }],
    [[{ id: 3, state: 'offline' }], { 'id:3': 'stopped' }],
    [
      { x1: 'stopped', x2: { status: 'running' } },
      { 'uid:x1': 'stopped', 'uid:x2': 'running' },
    ],
    [[{ id: 3, status: 'charging' }], {}],
    ['nothing', {}],
    [null, {}],
  ])('reads %j', (data, expected) => {
    expect(Object.fromEntries(readDeviceStates(data))).toEqual(expected);
  });
});
