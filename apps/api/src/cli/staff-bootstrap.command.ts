import { assertStrongPassword, Role, StaffService } from '@shanchou/identity';

export interface BootstrapAdmin {
  username: string;
  /** The district's region code (370404 for 峄城区). */
  regionCode: string;
  displayName: string;
  password: string;
}

/** What the command needs once the password passed: the staff service, and how to let go of it. */
export interface BootstrapContext {
  staff: StaffService;
  close(): Promise<void>;
}

/**
 * Creates (or resets) a district admin. The password is judged before the database is opened,
 * so a weak one is refused naming `password`, what the operator typed on stdin.
 */
export async function bootstrapDistrictAdmin(
  input: BootstrapAdmin,
  open: () => Promise<BootstrapContext>,
): Promise<string> {
  assertStrongPassword(input.password, 'password', input.username);
  const context = await open();
  try {
    const [admin] = await context.staff.provision([
      {
        username: input.username,
        regionCode: input.regionCode,
        role: Role.DISTRICT_ADMIN,
        displayName: input.displayName,
        password: input.password,
      },
    ]);
    return admin.username;
  } finally {
    await context.close();
  }
}
