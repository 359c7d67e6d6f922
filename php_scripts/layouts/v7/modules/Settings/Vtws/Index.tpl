{* The Vtws Settings page (modules/Settings/Vtws/views/Index.php). Every value assigned by the view is already
   escaped for HTML; only vtranslate() output of this module's and Vtiger's own language files is printed as is. *}
<div class="detailViewContainer col-lg-12 col-md-12 col-sm-12" id="VtwsSettings">
  <div class="clearfix">
    <h3 style="margin-top: 0px;">{vtranslate('LBL_VTWS_SETTINGS', $QUALIFIED_MODULE)}</h3>
  </div>
  {if $FATAL neq ''}
    <div class="alert alert-danger" id="vtws-error">{vtranslate('LBL_PAGE_ERROR', $QUALIFIED_MODULE)}: {$FATAL}</div>
  {else}
  {if !$ACTIVE}<div class="alert alert-warning">{vtranslate('LBL_MODULE_DISABLED', $QUALIFIED_MODULE)}</div>{/if}

  <div class="block" id="vtws-status">
    <div><h4>{vtranslate('LBL_STATUS', $QUALIFIED_MODULE)}</h4></div><hr>
    <table class="table table-bordered">
      {foreach item=ROW from=$STATUS}
        <tr><td class="fieldLabel" style="width:30%">{$ROW.label}</td><td class="fieldValue">{$ROW.value}</td></tr>
      {/foreach}
    </table>
    {if $NATIVE}
      <h5>{vtranslate('LBL_INI', $QUALIFIED_MODULE)}</h5>
      <table class="table table-condensed" id="vtws-ini">
        {foreach item=ROW from=$INI}<tr><td style="width:30%"><code>{$ROW.name}</code></td><td>{$ROW.value}</td></tr>{/foreach}
      </table>
      <h5>{vtranslate('LBL_CACHE', $QUALIFIED_MODULE)}</h5>
      <table class="table table-condensed" id="vtws-cache">
        {foreach item=ROW from=$CACHE}<tr><td style="width:30%">{$ROW.name}</td><td>{$ROW.value}</td></tr>{/foreach}
      </table>
      {if $SHARED}
        <h5>{vtranslate('LBL_SHARED', $QUALIFIED_MODULE)}</h5>
        <table class="table table-condensed" id="vtws-shared">
          {foreach item=ROW from=$SHARED}<tr data-key="{$ROW.key}"><td style="width:30%">{$ROW.label}</td><td>{$ROW.value}</td></tr>{/foreach}
        </table>
      {/if}
    {else}
      <div class="alert alert-info" id="vtws-fallback">
        <p>{vtranslate('LBL_FALLBACK_TEXT', $QUALIFIED_MODULE)}</p>
        <p><code id="vtws-install-command">{$INSTALL_COMMAND}</code></p>
        <p>{vtranslate('LBL_NATIVE_GAINS', $QUALIFIED_MODULE)}</p>
      </div>
    {/if}
    {if $LAST_STEP neq ''}<p class="{if $LAST_STEP_OK}text-success{else}text-danger{/if}" id="vtws-last-step">{vtranslate('LBL_LAST_STEP', $QUALIFIED_MODULE)}: {$LAST_STEP}</p>{/if}
  </div>

  <div class="block" id="vtws-operations">
    <div><h4>{vtranslate('LBL_OPERATIONS', $QUALIFIED_MODULE)}</h4></div><hr>
    <p>{$MODE_LINE}</p>
    {if $ACTION_LINES}
      <div class="alert {if $ACTION_OK}alert-success{else}alert-danger{/if}" id="vtws-action-result">
        <strong>{$ACTION_WHAT}</strong>
        <pre style="white-space: pre-wrap">{foreach item=L from=$ACTION_LINES}{$L}
{/foreach}</pre>
      </div>
    {/if}
    {if $OPS_ERROR neq ''}
      <div class="alert alert-warning" id="vtws-ops-error">{$OPS_ERROR}</div>
    {else}
      <p id="vtws-counts">{$OPERATIONS|@count} {vtranslate('LBL_OPERATIONS_COUNT', $QUALIFIED_MODULE)}: {$COUNTS.ok} ok, {$COUNTS.FAILS} {vtranslate('LBL_WILL_FAIL', $QUALIFIED_MODULE)}, {$COUNTS.unchecked} {vtranslate('LBL_UNCHECKED', $QUALIFIED_MODULE)}</p>
      {if $CAN_CHANGE}
      <div class="btn-group" style="margin-bottom: 10px;">
        <form method="post" action="index.php" style="display:inline" id="vtws-repair-form">
          <input type="hidden" name="module" value="Vtws"><input type="hidden" name="parent" value="Settings">
          <input type="hidden" name="action" value="Operations"><input type="hidden" name="mode" value="repair">
          <button type="submit" class="btn btn-success" id="vtws-repair">{vtranslate('LBL_REPAIR', $QUALIFIED_MODULE)}</button>
        </form>
        <form method="post" action="index.php" style="display:inline; margin-left: 8px" id="vtws-undo-form">
          <input type="hidden" name="module" value="Vtws"><input type="hidden" name="parent" value="Settings">
          <input type="hidden" name="action" value="Operations"><input type="hidden" name="mode" value="undo">
          <button type="submit" class="btn btn-default" id="vtws-undo">{vtranslate('LBL_UNDO', $QUALIFIED_MODULE)}</button>
        </form>
      </div>
      <p class="help-block">{vtranslate('LBL_REPAIR_HELP', $QUALIFIED_MODULE)}</p>
      {/if}
      <table class="table table-bordered listViewEntriesTable" id="vtws-operations-table">
        <thead><tr><th>id</th><th>{vtranslate('LBL_OPERATION', $QUALIFIED_MODULE)}</th><th>{vtranslate('LBL_VERDICT', $QUALIFIED_MODULE)}</th><th>{vtranslate('LBL_REASON', $QUALIFIED_MODULE)}</th></tr></thead>
        <tbody>
        {foreach item=OP from=$OPERATIONS}
          <tr data-operation="{$OP.name}" class="vtws-op">
            <td>{$OP.id}</td><td><code>{$OP.name}</code></td>
            <td><span class="label label-{$OP.class}">{$OP.verdict}</span></td>
            <td>{foreach item=P from=$OP.problems}<div>{$P}</div>{/foreach}{if $OP.served neq ''}<div class="text-muted">{vtranslate('LBL_SERVED', $QUALIFIED_MODULE)}: {$OP.served}</div>{/if}</td>
          </tr>
        {/foreach}
        </tbody>
      </table>
    {/if}
  </div>

  <div class="block" id="vtws-languages">
    <div><h4>{vtranslate('LBL_LANGUAGES', $QUALIFIED_MODULE)}</h4></div><hr>
    <table class="table table-condensed">
      <thead><tr><th>{vtranslate('LBL_PREFIX', $QUALIFIED_MODULE)}</th><th>{vtranslate('LBL_LABEL', $QUALIFIED_MODULE)}</th><th>{vtranslate('LBL_FILES', $QUALIFIED_MODULE)}</th></tr></thead>
      {foreach item=L from=$LANGUAGES}<tr><td><code>{$L.prefix}</code></td><td>{$L.label}</td><td>{$L.files}</td></tr>{/foreach}
    </table>
    {if $LANG_CHECKED}
      <p id="vtws-lang-counts">{$LANG_FILES} {vtranslate('LBL_FILES_CHECKED', $QUALIFIED_MODULE)}: {$LANG_ERRORS} {vtranslate('LBL_ERRORS', $QUALIFIED_MODULE)}, {$LANG_WARNINGS} {vtranslate('LBL_WARNINGS', $QUALIFIED_MODULE)}</p>
      {if $LANG_PROBLEMS}
      <table class="table table-bordered" id="vtws-lang-problems">
        <thead><tr><th>{vtranslate('LBL_FILE', $QUALIFIED_MODULE)}</th><th>{vtranslate('LBL_LINE', $QUALIFIED_MODULE)}</th><th>{vtranslate('LBL_COLUMN', $QUALIFIED_MODULE)}</th><th></th><th>{vtranslate('LBL_MESSAGE', $QUALIFIED_MODULE)}</th></tr></thead>
        {foreach item=D from=$LANG_PROBLEMS}<tr><td><code>{$D.file}</code></td><td>{$D.line}</td><td>{$D.column}</td><td>{$D.severity}</td><td>{$D.message}</td></tr>{/foreach}
      </table>
      {/if}
    {else}
      <p class="text-warning" id="vtws-lang-counts">{$LANG_FILES} {vtranslate('LBL_FILES', $QUALIFIED_MODULE)}. {vtranslate('LBL_CHECK_NEEDS_NATIVE', $QUALIFIED_MODULE)}</p>
    {/if}
  </div>

  <div class="block" id="vtws-try">
    <div><h4>{vtranslate('LBL_TRY_IT', $QUALIFIED_MODULE)}</h4></div><hr>
    <form method="get" action="index.php" class="form-horizontal" id="vtws-try-form">
      <input type="hidden" name="module" value="Vtws"><input type="hidden" name="parent" value="Settings">
      <input type="hidden" name="view" value="Index"><input type="hidden" name="try" value="1">
      <div class="form-group"><label class="col-sm-2 control-label">{vtranslate('LBL_OPERATION', $QUALIFIED_MODULE)}</label>
        <div class="col-sm-6"><select name="try_operation" class="inputElement" id="vtws-try-operation">
          <option value="gettranslation"{if $TRY_OPERATION eq 'gettranslation'} selected{/if}>gettranslation</option>
          <option value="exporttranslation"{if $TRY_OPERATION eq 'exporttranslation'} selected{/if}>exporttranslation</option></select></div></div>
      <div class="form-group"><label class="col-sm-2 control-label">{vtranslate('LBL_LABELS', $QUALIFIED_MODULE)}</label>
        <div class="col-sm-6"><input type="text" name="try_labels" class="inputElement" id="vtws-try-labels" value="{$TRY_LABELS}"></div></div>
      <div class="form-group"><label class="col-sm-2 control-label">{vtranslate('LBL_MODULE', $QUALIFIED_MODULE)}</label>
        <div class="col-sm-6"><input type="text" name="try_module" class="inputElement" id="vtws-try-module" value="{$TRY_MODULE}"></div></div>
      <div class="form-group"><label class="col-sm-2 control-label">{vtranslate('LBL_LANGUAGE', $QUALIFIED_MODULE)}</label>
        <div class="col-sm-6"><input type="text" name="try_language" class="inputElement" id="vtws-try-language" value="{$TRY_LANGUAGE}"></div></div>
      <div class="form-group"><div class="col-sm-offset-2 col-sm-6"><button type="submit" class="btn btn-primary" id="vtws-try-submit">{vtranslate('LBL_TRY', $QUALIFIED_MODULE)}</button></div></div>
    </form>
    {if $TRY_ANSWER neq ''}
      <p>{vtranslate('LBL_ANSWER_IN', $QUALIFIED_MODULE)} <span id="vtws-try-ms">{$TRY_MS}</span> ms</p>
      <pre id="vtws-try-answer" style="white-space: pre-wrap">{$TRY_ANSWER}</pre>
    {/if}
  </div>
  {/if}
</div>
