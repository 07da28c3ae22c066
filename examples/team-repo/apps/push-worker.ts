import { AppConstruct, AppDefinition } from 'paved';

/** Sends push notifications; internal only. */
export const pushWorker: AppDefinition = (scope) =>
  new AppConstruct(scope, 'push-worker', {
    team: scope.team,
    image: 'registry.example.com/mobile/push-worker:1.7.3',
    port: 9000,
    description: 'Sends push notifications to the mobile apps through APNs and FCM.',
    tags: ['mobile', 'notifications'],
    secrets: [
      { name: 'apns-key', key: 'teams/mobile/apns', property: 'key' },
      { name: 'fcm-key', key: 'teams/mobile/fcm', property: 'key' },
    ],
  });
