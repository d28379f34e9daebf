import DeviceRepository, { type NewDevice } from './device.repository';

export class RegisterDeviceUseCase {
  constructor(private readonly devices: DeviceRepository) {}

  // The app registers its push token on every launch; two launches in a row race to insert it.
  async execute(device: NewDevice) {
    const known = await this.devices.findByToken(device.userId, device.pushToken);
    if (known) {
      return this.devices.touch(known.id); // safe: race/no-read-modify-write
    }
    return this.devices.add(device); // expect: race/no-check-then-create
  }
}
